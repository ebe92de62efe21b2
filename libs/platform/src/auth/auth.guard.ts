import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { ProblemError } from '../http/problem';
import { InvalidToken, JwtVerifier } from './jwt';
import type { Principal } from './principal';

const ROLES = 'inventory:roles';

/** Marks a route as needing these roles on top of a valid token. */
export const RequireRoles = (...roles: string[]) => SetMetadata(ROLES, roles);

/**
 * Bearer authentication: a JWT verified with the configured key, or — only in dev mode — the static
 * `devtoken`, which acts as an admin.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verifier: JwtVerifier;

  constructor(
    private readonly config: AppConfig,
    private readonly reflector: Reflector,
  ) {
    this.verifier = new JwtVerifier({ secret: config.auth.jwtSecret, publicKey: config.auth.jwtPublicKey });
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, unknown>; principal?: Principal }>();
    const principal = this.authenticate(request.headers.authorization);
    const required = this.reflector.getAllAndOverride<string[] | undefined>(ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    const missing = (required ?? []).filter((role) => !principal.roles.includes(role));
    if (missing.length > 0) {
      throw new ProblemError(
        403,
        'AUTH.FORBIDDEN',
        `this operation needs the role(s): ${missing.join(', ')}`,
      );
    }
    request.principal = principal;
    return true;
  }

  private authenticate(header: unknown): Principal {
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw unauthorized('send Authorization: Bearer <token>');
    const token = match[1]!;
    if (this.config.auth.devToken && token === this.config.auth.devToken)
      return { id: 'dev', roles: ['admin'] };
    try {
      const claims = this.verifier.verify(token);
      if (typeof claims.sub !== 'string' || claims.sub.length === 0)
        throw new InvalidToken('token has no subject');
      const roles = Array.isArray(claims.roles)
        ? claims.roles.filter((r): r is string => typeof r === 'string')
        : [];
      return { id: claims.sub, roles };
    } catch (error) {
      if (error instanceof InvalidToken) throw unauthorized(error.message);
      throw error;
    }
  }
}

function unauthorized(detail: string): ProblemError {
  return new ProblemError(401, 'AUTH.UNAUTHORIZED', detail, {}, { 'www-authenticate': 'Bearer' });
}
