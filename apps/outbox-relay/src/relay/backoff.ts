/** Capped exponential backoff: `base`, 2×`base`, 4×`base`, … never more than `cap`. */
export function backoffMs(failures: number, base: number, cap: number): number {
  if (failures <= 0) return 0;
  return Math.min(cap, base * 2 ** Math.min(failures - 1, 30));
}
