/** Topic names: one place, so producers, consumers and the bootstrap never disagree. */
export const TOPICS = {
  stock: 'stock.events',
  reservation: 'reservation.events',
  transfer: 'transfer.events',
  product: 'product.events',
  stockProjections: 'stock.projections',
} as const;

export type EventTopic = Exclude<(typeof TOPICS)[keyof typeof TOPICS], typeof TOPICS.stockProjections>;

export const EVENT_TOPICS: readonly EventTopic[] = [
  TOPICS.stock,
  TOPICS.reservation,
  TOPICS.transfer,
  TOPICS.product,
];

export function deadLetterTopic(topic: string): string {
  return `${topic}.dlt`;
}

export function stockKey(storeId: string, sku: string): string {
  return `${storeId}:${sku}`;
}
