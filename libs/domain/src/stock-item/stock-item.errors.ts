import { DomainError } from '../shared/domain-error';

export class InsufficientStock extends DomainError {
  readonly code = 'STOCK.INSUFFICIENT';
  readonly kind = 'conflict';

  constructor(storeId: string, sku: string, requested: number, availableQty: number) {
    super(`store ${storeId} has ${availableQty} of ${sku} available, ${requested} requested`, {
      storeId,
      sku,
      requested,
      available: availableQty,
    });
  }
}

export class ZeroAdjustment extends DomainError {
  readonly code = 'STOCK.ZERO_DELTA';
  readonly kind = 'invalid';

  constructor() {
    super('an adjustment must change the stock: delta may not be 0');
  }
}

export class StockLimitExceeded extends DomainError {
  readonly code = 'STOCK.LIMIT_EXCEEDED';
  readonly kind = 'invalid';

  constructor(storeId: string, sku: string, limit: number) {
    super(`store ${storeId} cannot hold more than ${limit} units of ${sku}`, { storeId, sku, limit });
  }
}

export class CountBelowReserved extends DomainError {
  readonly code = 'STOCK.COUNT_BELOW_RESERVED';
  readonly kind = 'conflict';

  constructor(storeId: string, sku: string, counted: number, reserved: number) {
    super(
      `store ${storeId} has ${reserved} of ${sku} reserved; a count of ${counted} would break those reservations`,
      {
        storeId,
        sku,
        counted,
        reserved,
      },
    );
  }
}

/** A purchase is served whole from one store; no store has the quantity available. */
export class NoStoreCanServe extends DomainError {
  readonly code = 'STOCK.INSUFFICIENT';
  readonly kind = 'conflict';

  constructor(sku: string, requested: number, bestAvailable: number, totalAvailable: number) {
    super(`no store has ${requested} of ${sku} available (the most any store has is ${bestAvailable})`, {
      sku,
      requested,
      available: bestAvailable,
      totalAvailable,
    });
  }
}
