import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidateIf } from 'class-validator';
import { ProblemError } from './problem';

export interface FieldProblem {
  field: string;
  problems: string[];
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** A 400 naming one field, in the same shape as the validation pipe's (path parameters use it). */
export function invalidField(field: string, problem: string): ProblemError {
  return new ProblemError(400, 'VALIDATION.FAILED', `${field}: ${problem}`, {
    errors: [{ field, problems: [problem] }],
  });
}

/** Strict DTO validation: unknown fields are refused, types are not coerced behind the caller's back. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      const detail = fields.map((f) => `${f.field}: ${f.problems.join('; ')}`).join(' | ');
      return new ProblemError(400, 'VALIDATION.FAILED', detail || 'the request is invalid', {
        errors: fields,
      });
    },
  });
}

/**
 * An optional field: absent is fine, but a value that is present — `null` included — must pass the
 * field's rules. (class-validator's `@IsOptional()` also lets `null` through, which the API's schemas
 * do not allow.)
 */
export const Optional = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
