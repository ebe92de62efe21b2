/**
 * The seed's demo data — stores S1–S3, products A1 and A2 stocked in each — written through the command
 * API like any client's writes, so the events flow to the read side. Dev mode only (it uses the dev
 * token). Safe to run at every start: fixed Idempotency-Keys make a repeat a replay, and a product
 * that already exists keeps whatever stock it has now.
 */
const DEV_TOKEN = 'devtoken';

const STORES = [
  { storeId: 'S1', name: 'Downtown', latencyMs: 20 },
  { storeId: 'S2', name: 'Uptown', latencyMs: 35 },
  { storeId: 'S3', name: 'Airport', latencyMs: 50 },
];

const PRODUCTS = [
  { sku: 'A1', name: 'Demo product A1', stock: { S1: 100, S2: 60, S3: 30 } },
  { sku: 'A2', name: 'New Product', stock: { S1: 10, S2: 10, S3: 10 } },
];

interface Answer {
  status: number;
  code?: string;
  /** The stored answer of an earlier start's identical request. */
  replayed: boolean;
}

async function write(baseUrl: string, path: string, key: string, body: object): Promise<Answer> {
  const response = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${DEV_TOKEN}`,
      'content-type': 'application/json',
      'idempotency-key': key,
    },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { code?: string };
  return {
    status: response.status,
    code: answer.code,
    replayed: response.headers.get('idempotent-replayed') === 'true',
  };
}

/** 'written' now, 'present' from an earlier start (replayed, or refused as existing); else it throws. */
function outcome(what: string, answer: Answer, alreadyThere?: string): 'written' | 'present' {
  if (answer.status === 202) return answer.replayed ? 'present' : 'written';
  if (answer.status === 409 && answer.code === alreadyThere) return 'present';
  throw new Error(`demo data: ${what} answered ${answer.status} ${answer.code ?? ''}`);
}

/** Loads what is missing; returns what it wrote, for the start log. */
export async function loadDemoData(gatewayUrl: string): Promise<string> {
  const written: string[] = [];
  for (const store of STORES) {
    const answer = await write(gatewayUrl, '/v1/stores', `demo:store:${store.storeId}`, store);
    if (outcome(`store ${store.storeId}`, answer, 'STORE.ALREADY_EXISTS') === 'written')
      written.push(store.storeId);
  }
  for (const { sku, name, stock } of PRODUCTS) {
    const created = await write(gatewayUrl, '/v1/products', `demo:product:${sku}`, { sku, name });
    // A product refused as existing keeps the stock it has now. A replayed creation (an earlier start
    // within the key's lifetime) replays its restocks too, which completes a start that died midway.
    if (created.status === 409) {
      outcome(`product ${sku}`, created, 'PRODUCT.ALREADY_EXISTS');
      continue;
    }
    let stocked = outcome(`product ${sku}`, created) === 'written';
    for (const [storeId, delta] of Object.entries(stock)) {
      const restock = { storeId, sku, delta, reason: 'restock' };
      const answer = await write(gatewayUrl, '/v1/adjustments', `demo:stock:${storeId}:${sku}`, restock);
      stocked = outcome(`stock of ${sku} in ${storeId}`, answer) === 'written' || stocked;
    }
    if (stocked) written.push(sku);
  }
  return written.length > 0 ? `loaded ${written.join(', ')}` : 'already there';
}
