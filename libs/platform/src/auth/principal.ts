import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

export interface Principal {
  /** Stable subject id: idempotency keys are scoped to it. */
  id: string;
  roles: string[];
}

export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const request = context.switchToHttp().getRequest<{ principal?: Principal }>();
  if (!request.principal) throw new Error('CurrentPrincipal used on a route without AuthGuard');
  return request.principal;
});
