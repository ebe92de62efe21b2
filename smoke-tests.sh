#!/usr/bin/env bash
# Smoke test of a running system: the seed's flow end to end through one base URL, plus a transfer,
# a reconciliation, an idempotent replay and the read side's lag header. Each step checks the answer
# and the script stops at the first failure (exit 1).
#
#   ./smoke-tests.sh
#   BASE_URL=http://localhost:8080 TOKEN=devtoken SKU=A1 STORE=S1 ./smoke-tests.sh
#
# SKU must be stocked in STORE; PEER_STORE (default S2, or S1 when STORE is S2) receives a transfer and
# sends it back. `npm start` in dev mode loads the seed's demo data (stores S1-S3, products A1, A2), so
# the defaults work against a fresh start. Needs bash, curl, and node or jq. Re-runnable: the stock it
# sells is put back, and the product it creates has a fresh SKU.
set -euo pipefail

BASE_URL="${BASE_URL:-http://localhost:8080}"
BASE_URL="${BASE_URL%/}"
TOKEN="${TOKEN:-devtoken}"
SKU="${SKU:-A1}"
STORE="${STORE:-S1}"
if [[ "$STORE" == "S2" ]]; then PEER_DEFAULT=S1; else PEER_DEFAULT=S2; fi
PEER_STORE="${PEER_STORE:-$PEER_DEFAULT}"
WAIT_SECONDS="${SMOKE_WAIT_SECONDS:-15}"

RUN_ID="$(date +%s)-$RANDOM"
NEW_SKU="SMOKE-${RUN_ID}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

if command -v node >/dev/null 2>&1; then
  JSON_TOOL=node
elif command -v jq >/dev/null 2>&1; then
  JSON_TOOL=jq
else
  echo "smoke-tests.sh needs node or jq to read JSON" >&2
  exit 2
fi

STEP=""
STATUS=""

step() {
  STEP="$1"
}

ok() {
  printf 'ok   %s\n' "$STEP"
}

fail() {
  printf 'FAIL %s: %s\n' "$STEP" "$1" >&2
  if [[ -s "$WORK/body" ]]; then
    printf '     last answer (%s): %s\n' "$STATUS" "$(head -c 2000 "$WORK/body")" >&2
  fi
  exit 1
}

# jget PATH — a value of the last answer's JSON body; PATH is .field, .a.b or .list[0].field.
# Strings print raw, anything else as JSON; a missing value prints null.
jget() {
  if [[ "$JSON_TOOL" == node ]]; then
    node -e '
      const fs = require("fs");
      let value = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
      for (const [, field, index] of process.argv[2].matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g)) {
        value = value == null ? undefined : value[field ?? Number(index)];
      }
      console.log(value === undefined ? "null" : typeof value === "string" ? value : JSON.stringify(value));
    ' "$WORK/body" "$1"
  else
    jq -r "$1" "$WORK/body"
  fi
}

# header NAME — a header of the last answer (empty when absent).
header() {
  awk -v name="$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]')" -F': ' '
    { sub(/\r$/, "") }
    tolower($1) == name { sub(/^[^:]*: /, ""); value = $0 }
    END { print value }
  ' "$WORK/headers"
}

# call METHOD PATH [BODY] [HEADER...] — one request; sets STATUS, the body in $WORK/body.
call() {
  local method="$1" path="$2" body="${3:-}"
  shift 3 || shift $#
  local args=(-sS -X "$method" -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' --max-time 30)
  for extra in "$@"; do args+=(-H "$extra"); done
  if [[ -n "$body" ]]; then args+=(-H 'Content-Type: application/json' --data "$body"); fi
  STATUS="$(curl "${args[@]}" "$BASE_URL$path")" || fail "no answer from $BASE_URL$path (is the system running?)"
}

# write PATH BODY KEY [HEADER...] — an authenticated write with an Idempotency-Key.
write() {
  local path="$1" body="$2" key="$3"
  shift 3
  call POST "$path" "$body" "Authorization: Bearer $TOKEN" "Idempotency-Key: $key" "$@"
}

expect_status() {
  [[ "$STATUS" == "$1" ]] || fail "expected HTTP $1, got $STATUS"
}

expect_eq() {
  local what="$1" expected="$2" actual
  actual="$(jget "$what")"
  [[ "$actual" == "$expected" ]] || fail "expected $what = $expected, got $actual"
}

expect_set() {
  local actual
  actual="$(jget "$1")"
  [[ -n "$actual" && "$actual" != null ]] || fail "expected $1 in the answer"
}

# A read answers with its staleness and version: X-Projection-Lag-ms (whole ms) and an ETag.
expect_read_headers() {
  [[ "$(header X-Projection-Lag-ms)" =~ ^[0-9]+$ ]] || fail "X-Projection-Lag-ms missing or not a number"
  [[ -n "$(header ETag)" ]] || fail "ETag missing"
}

# eventually DESCRIPTION COMMAND... — retries a read until COMMAND succeeds (the read side follows the
# write side within milliseconds; WAIT_SECONDS bounds it).
eventually() {
  local what="$1" deadline=$((SECONDS + WAIT_SECONDS))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || fail "$what within ${WAIT_SECONDS}s"
    sleep 0.2
  done
}

uuid_key() {
  printf 'smoke-%s-%s' "$RUN_ID" "$1"
}

# ---------------------------------------------------------------------------------------------- 1
step "1. health: the gateway and every app behind it are ready"
call GET /health
expect_status 200
expect_eq .status ok
call GET /ready
expect_status 200
expect_eq .status ready
ok

# ---------------------------------------------------------------------------------------------- 2
step "2. product totals list $SKU"
totals_list_sku() {
  call GET "/v1/products/totals?q=$SKU&page=0&size=50"
  [[ "$STATUS" == 200 && "$(jget .total)" != 0 ]]
}
eventually "GET /v1/products/totals?q=$SKU to list it" totals_list_sku
expect_read_headers
expect_set .items[0].sku
expect_eq .page 0
ok

# ---------------------------------------------------------------------------------------------- 3
step "3. create product $NEW_SKU with 10 units in the store holding the least stock"
write /v1/products "{\"sku\":\"$NEW_SKU\",\"name\":\"Smoke product\",\"initialOnHand\":10}" "$(uuid_key product)"
expect_status 202
expect_eq .sku "$NEW_SKU"
expect_eq .initialOnHand 10
expect_eq .placement.onHand 10
expect_set .placement.storeId
ok

# ---------------------------------------------------------------------------------------------- 4
step "4. purchase 1 of $SKU from the store the policy picks"
write /v1/purchase "{\"sku\":\"$SKU\",\"qty\":1,\"customerId\":\"c1\",\"policy\":\"highest-available\"}" \
  "$(uuid_key purchase)"
expect_status 202
expect_eq .sku "$SKU"
expect_eq .policy highest-available
expect_set .storeId
ok

# ---------------------------------------------------------------------------------------------- 5
step "5. adjust $SKU in $STORE by +2 (restock what this run sells), and replay it idempotently"
ADJUST_BODY="{\"storeId\":\"$STORE\",\"sku\":\"$SKU\",\"delta\":2,\"reason\":\"restock\"}"
ADJUST_KEY="$(uuid_key adjust)"
write /v1/adjustments "$ADJUST_BODY" "$ADJUST_KEY"
expect_status 202
expect_eq .storeId "$STORE"
expect_eq .sku "$SKU"
ADJUSTED_VERSION="$(jget .version)"
ADJUSTED_ON_HAND="$(jget .onHand)"
FIRST_ANSWER="$(cat "$WORK/body")"
write /v1/adjustments "$ADJUST_BODY" "$ADJUST_KEY"
expect_status 202
[[ "$(header Idempotent-Replayed)" == true ]] || fail "a repeated key must answer Idempotent-Replayed: true"
[[ "$(cat "$WORK/body")" == "$FIRST_ANSWER" ]] || fail "the replay must repeat the first answer exactly"
ok

# ---------------------------------------------------------------------------------------------- 6
step "6. availability of $SKU shows the adjustment, with lag and ETag headers (304 on If-None-Match)"
sees_adjustment() {
  call GET "/v1/availability?sku=$SKU&storeId=$STORE"
  [[ "$STATUS" == 200 ]] && (($(jget .perStore[0].version) >= ADJUSTED_VERSION))
}
eventually "availability to reach version $ADJUSTED_VERSION" sees_adjustment
expect_read_headers
expect_eq .sku "$SKU"
expect_eq .perStore[0].storeId "$STORE"
ETAG="$(header ETag)"
call GET "/v1/availability?sku=$SKU"
expect_status 200
expect_read_headers
expect_set .totalAvailable
call GET "/v1/availability?sku=$SKU&storeId=$STORE" "" "If-None-Match: $ETAG"
if [[ "$STATUS" != 304 ]]; then
  # Only another writer moving the item in between explains a 200 here.
  expect_status 200
  [[ "$(header ETag)" != "$ETAG" ]] || fail "a matching If-None-Match must answer 304"
fi
ok

# ---------------------------------------------------------------------------------------------- 7
step "7. reserve 1 of $SKU in $STORE"
write /v1/reservations "{\"storeId\":\"$STORE\",\"lines\":[{\"sku\":\"$SKU\",\"qty\":1}],\"ttlSeconds\":300,\"customerId\":\"c1\"}" \
  "$(uuid_key reserve)"
expect_status 202
expect_eq .status ACTIVE
expect_eq .lines[0].sku "$SKU"
RESERVATION_ID="$(jget .reservationId)"
[[ "$RESERVATION_ID" =~ ^[0-9a-f-]{36}$ ]] || fail "expected a reservationId, got $RESERVATION_ID"
[[ "$(header Location)" == "/v1/reservations/$RESERVATION_ID" ]] || fail "Location must name the reservation"
ok

# ---------------------------------------------------------------------------------------------- 8
step "8. confirm reservation $RESERVATION_ID"
write "/v1/reservations/$RESERVATION_ID:confirm" '{"paymentRef":"smoke-payment"}' "$(uuid_key confirm)"
expect_status 202
expect_eq .reservationId "$RESERVATION_ID"
expect_eq .status CONFIRMED
ok

# ---------------------------------------------------------------------------------------------- 9
step "9. read reservation $RESERVATION_ID: CONFIRMED"
reservation_confirmed() {
  call GET "/v1/reservations/$RESERVATION_ID"
  [[ "$STATUS" == 200 && "$(jget .status)" == CONFIRMED ]]
}
eventually "GET /v1/reservations/$RESERVATION_ID to show CONFIRMED" reservation_confirmed
expect_read_headers
expect_eq .storeId "$STORE"
expect_eq .paymentRef smoke-payment
ok

# ---------------------------------------------------------------------------------------------- 10
step "10. availability again: the confirmed unit left $STORE's on-hand"
sees_confirmation() {
  call GET "/v1/availability?sku=$SKU&storeId=$STORE"
  [[ "$STATUS" == 200 ]] && (($(jget .perStore[0].version) >= ADJUSTED_VERSION + 2))
}
eventually "availability to show the reservation and its confirmation" sees_confirmation
expect_read_headers
if [[ "$(jget .perStore[0].version)" == $((ADJUSTED_VERSION + 2)) ]]; then
  expect_eq .perStore[0].onHand $((ADJUSTED_ON_HAND - 1))
fi
ok

# ---------------------------------------------------------------------------------------------- 11
step "11. transfer 1 of $SKU from $STORE to $PEER_STORE, read it, and send it back"
write /v1/transfers "{\"fromStore\":\"$STORE\",\"toStore\":\"$PEER_STORE\",\"lines\":[{\"sku\":\"$SKU\",\"qty\":1}]}" \
  "$(uuid_key transfer)"
expect_status 202
expect_eq .status COMPLETED
TRANSFER_ID="$(jget .transferId)"
transfer_completed() {
  call GET "/v1/transfers/$TRANSFER_ID"
  [[ "$STATUS" == 200 && "$(jget .status)" == COMPLETED ]]
}
eventually "GET /v1/transfers/$TRANSFER_ID to show COMPLETED" transfer_completed
expect_read_headers
expect_eq .toStore "$PEER_STORE"
write /v1/transfers "{\"fromStore\":\"$PEER_STORE\",\"toStore\":\"$STORE\",\"lines\":[{\"sku\":\"$SKU\",\"qty\":1}]}" \
  "$(uuid_key transfer-back)"
expect_status 202
expect_eq .status COMPLETED
ok

# ---------------------------------------------------------------------------------------------- 12
step "12. reconcile $STORE against an external count of $NEW_SKU"
write /v1/reconciliations "{\"storeId\":\"$STORE\",\"snapshotOnHand\":{\"$NEW_SKU\":7},\"source\":\"smoke\"}" \
  "$(uuid_key reconcile)"
expect_status 202
expect_eq .storeId "$STORE"
expect_eq .checked 1
expect_set .reconciliationId
expect_eq .discrepancies[0].sku "$NEW_SKU"
expect_eq .discrepancies[0].counted 7
expect_eq .discrepancies[0].applied true
ok

# ---------------------------------------------------------------------------------------------- 13
step "13. the stored outcome of the adjustment is readable by its key"
call GET "/v1/idempotency/$ADJUST_KEY" "" "Authorization: Bearer $TOKEN"
expect_status 200
expect_eq .status 202
expect_eq .response.body.version "$ADJUSTED_VERSION"
ok

echo "smoke tests passed against $BASE_URL"
