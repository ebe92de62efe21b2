/**
 * The seed's scale, named so that a load process, the seeding and a pgbench script all derive the same
 * ids from numbers: store `<prefix>-S<n>` (1..stores), SKU `<prefix>-P<n>` (1..skus), and one hot SKU.
 */
export interface Dataset {
  prefix: string;
  stores: number;
  skus: number;
  /** What every item holds after seeding. */
  onHand: number;
}

export const storeOf = (data: Dataset, n: number) => `${data.prefix}-S${n}`;
export const skuOf = (data: Dataset, n: number) => `${data.prefix}-P${n}`;
export const hotSkuOf = (data: Dataset) => `${data.prefix}-HOT`;

/** 1..n, uniformly. */
export const pick = (n: number) => 1 + Math.floor(Math.random() * n);
