import { prepared } from '@inventory/persistence';

/**
 * The keys' transaction locks ((principal, key) pairs in $1, $2), each taken without waiting, in the
 * pairs' order (`n`). The stored outcomes are read by the next statement (same round trip), never by
 * this one: a statement reads from the snapshot it started with, so a twin that committed between
 * that snapshot and the lock would be invisible, and the key would run twice.
 */
export const LOCK_KEYS = prepared(`
  SELECT n, pg_try_advisory_xact_lock(hashtextextended(p || E'\\n' || k, 0)) AS locked
    FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS c (p, k, n)`);

/** The outcomes stored under the keys, if any; run after LOCK_KEYS, with a snapshot taken after the locks. */
export const STORED_OUTCOMES = prepared(`
  SELECT c.n, i.request_hash, i.status, i.response
    FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS c (p, k, n)
    JOIN command.idempotency_keys i ON i.principal = c.p AND i.key = c.k AND i.expires_at > now()`);

/** Appends events and their outbox rows ($1–$13). Data-modifying CTEs run whatever the final SELECT reads. */
const APPEND_EVENTS = `
  WITH appended AS (
    INSERT INTO command.events
      (event_id, stream_type, stream_id, stream_version, event_type, event_version, occurred_at, payload, metadata)
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[],
                         $7::timestamptz[], $8::jsonb[], $9::jsonb[])
  ), queued AS (
    INSERT INTO command.outbox (event_id, topic, key, value, headers)
    SELECT * FROM unnest($1::uuid[], $10::text[], $11::text[], $12::text[], $13::jsonb[])
  )`;

export const APPEND = prepared(`${APPEND_EVENTS} SELECT 1`);

/** Appends events and stores the outcomes under their keys ($14–$21), in one statement. */
export const APPEND_AND_REMEMBER = prepared(`${APPEND_EVENTS}
  INSERT INTO command.idempotency_keys
    (principal, key, method, path, request_hash, status, response, expires_at)
  SELECT p, k, m, path, h, s, r, now() + make_interval(hours => $21)
    FROM unnest($14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::int[], $20::text[])
      AS t (p, k, m, path, h, s, r)
  ON CONFLICT (principal, key) DO UPDATE
    SET method = EXCLUDED.method, path = EXCLUDED.path, request_hash = EXCLUDED.request_hash,
        status = EXCLUDED.status, response = EXCLUDED.response,
        created_at = now(), expires_at = EXCLUDED.expires_at
    WHERE command.idempotency_keys.expires_at <= now()`);

/** A multi-step command (the transfer saga) replaces its stored outcome once the last step is done. */
export const UPDATE_REMEMBERED = prepared(`
  UPDATE command.idempotency_keys SET status = $3, response = $4 WHERE principal = $1 AND key = $2`);

/** Expired keys go in small batches so the purge never holds long locks. */
export const PURGE_EXPIRED_KEYS = `
  DELETE FROM command.idempotency_keys
   WHERE ctid = ANY (ARRAY(SELECT ctid FROM command.idempotency_keys WHERE expires_at <= now() LIMIT $1))`;
