import type { Purchase } from '@inventory/domain';
import type { PurchaseRequest } from './purchase.request.dto';

export function purchaseCommand(request: PurchaseRequest): Purchase {
  const { sku, qty } = request;
  const policy = request.policy ?? 'highest-available';
  return { type: 'Purchase', data: { sku, qty, customerId: request.customerId ?? null, policy } };
}
