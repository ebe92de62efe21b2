/** Newer version wins: a redelivered or reordered event can never move a row backwards. */
export const UPSERT_AVAILABILITY = `
  INSERT INTO read.availability_view AS v
    (sku, store_id, on_hand, reserved, available, version, last_event_at, updated_at)
  SELECT sku, store_id, on_hand, reserved, available, version, last_event_at, now()
    FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::timestamptz[])
      AS t (sku, store_id, on_hand, reserved, available, version, last_event_at)
  ON CONFLICT (sku, store_id) DO UPDATE
    SET on_hand = EXCLUDED.on_hand, reserved = EXCLUDED.reserved, available = EXCLUDED.available,
        version = EXCLUDED.version, last_event_at = EXCLUDED.last_event_at, updated_at = now()
    WHERE v.version < EXCLUDED.version`;
