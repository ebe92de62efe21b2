export interface ReservationLine {
  sku: string;
  qty: number;
}

export type ReservationStatus = 'ACTIVE' | 'CONFIRMED' | 'CANCELLED' | 'EXPIRED';

export interface ReservationCreated {
  type: 'ReservationCreated';
  data: {
    reservationId: string;
    storeId: string;
    customerId: string | null;
    lines: ReservationLine[];
    expiresAt: string;
    version: number;
  };
}

export interface ReservationConfirmed {
  type: 'ReservationConfirmed';
  data: { reservationId: string; storeId: string; paymentRef: string | null; version: number };
}

export interface ReservationCancelled {
  type: 'ReservationCancelled';
  data: { reservationId: string; storeId: string; reason: string | null; version: number };
}

export interface ReservationExpired {
  type: 'ReservationExpired';
  data: { reservationId: string; storeId: string; expiredAt: string; version: number };
}

export type ReservationEvent =
  ReservationCreated | ReservationConfirmed | ReservationCancelled | ReservationExpired;
