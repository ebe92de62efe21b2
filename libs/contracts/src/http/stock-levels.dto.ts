/** The authoritative numbers a write returns for each item it touched. */
export interface StockLevelsResponse {
  storeId: string;
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
  version: number;
}
