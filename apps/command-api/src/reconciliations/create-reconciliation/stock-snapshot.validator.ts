import { ID_PATTERN } from '@inventory/contracts';
import { MAX_ON_HAND } from '@inventory/domain';
import { registerDecorator, type ValidationOptions } from 'class-validator';

export const MAX_SNAPSHOT_LINES = 1000;

/** `{ sku: onHand }` with 1–1000 valid SKUs and whole, non-negative counts. */
export function IsStockSnapshot(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isStockSnapshot',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `$property must map 1-${MAX_SNAPSHOT_LINES} SKUs (1-64 chars of A-Z a-z 0-9 . _ : -) to integers 0-${MAX_ON_HAND}`,
        ...options,
      },
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          return (
            entries.length >= 1 &&
            entries.length <= MAX_SNAPSHOT_LINES &&
            entries.every(
              ([sku, onHand]) =>
                ID_PATTERN.test(sku) &&
                Number.isInteger(onHand) &&
                (onHand as number) >= 0 &&
                (onHand as number) <= MAX_ON_HAND,
            )
          );
        },
      },
    });
}
