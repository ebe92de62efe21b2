import { OpenApiContract, type ObservedResponse } from './openapi-contract';

const contract = OpenApiContract.load();

function answer(status: number, headers: Record<string, string>, body?: unknown): ObservedResponse {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return { status, headers: new Headers(headers), text };
}

const json = { 'content-type': 'application/json; charset=utf-8' };
const problemJson = { 'content-type': 'application/problem+json' };
const levels = { storeId: 'S1', sku: 'A1', onHand: 5, reserved: 1, available: 4, version: 3 };
const availability = {
  sku: 'A1',
  totalOnHand: 5,
  totalReserved: 1,
  totalAvailable: 4,
  perStore: [{ storeId: 'S1', onHand: 5, reserved: 1, available: 4, version: 3 }],
};
const readHeaders = { ...json, etag: '"abc"', 'x-projection-lag-ms': '12' };
const problem = (status: number, code: string) => ({
  type: `urn:inventory:problem:${code}`,
  title: 'Conflict',
  status,
  detail: 'no',
  code,
  message: 'no',
});

describe('the OpenAPI contract as a response checker', () => {
  it('compiles a validator for every documented answer', () => {
    const resolve = (node: Record<string, unknown>): Record<string, unknown> =>
      typeof node.$ref === 'string'
        ? resolve(
            node.$ref
              .slice(2)
              .split('/')
              .reduce<Record<string, unknown>>(
                (at, key) => at[key] as Record<string, unknown>,
                contract.document,
              ),
          )
        : node;
    let compiled = 0;
    for (const operation of contract.operations()) {
      const responses = operation.definition.responses as Record<string, Record<string, unknown>>;
      for (const [status, declared] of Object.entries(responses)) {
        const content = (resolve(declared).content ?? {}) as Record<string, unknown>;
        for (const media of Object.keys(content)) {
          const problems = contract.problems(
            operation.method,
            operation.path,
            answer(Number(status), { 'content-type': media }, 'null'),
          );
          expect(problems.join()).not.toContain('not documented');
          compiled++;
        }
      }
    }
    expect(compiled).toBeGreaterThan(100);
  });

  it('accepts answers the document describes', () => {
    expect(
      contract.problems('POST', '/v1/adjustments', answer(202, { ...json, etag: '"3"' }, levels)),
    ).toEqual([]);
    expect(
      contract.problems('GET', '/v1/availability?sku=A1', answer(200, readHeaders, availability)),
    ).toEqual([]);
    expect(
      contract.problems(
        'GET',
        '/v1/availability?sku=A1',
        answer(304, { etag: '"abc"', 'x-projection-lag-ms': '0' }),
      ),
    ).toEqual([]);
  });

  it('tells a confirm from a read of the same reservation', () => {
    const id = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';
    expect(contract.operation('POST', `/v1/reservations/${id}:confirm`)?.path).toBe(
      '/v1/reservations/{reservationId}:confirm',
    );
    expect(contract.operation('GET', `/v1/reservations/${id}`)?.path).toBe(
      '/v1/reservations/{reservationId}',
    );
    expect(contract.operation('POST', '/v1/items:set-absolute')?.path).toBe('/v1/items:set-absolute');
  });

  it('refuses a status the operation does not document', () => {
    expect(contract.problems('GET', '/v1/stores', answer(404, problemJson, problem(404, 'X.Y')))).toEqual([
      expect.stringContaining('status 404 is not documented'),
    ]);
  });

  it('refuses an answer without a required header, or with one of the wrong shape', () => {
    const { 'x-projection-lag-ms': _lag, ...withoutLag } = readHeaders;
    expect(
      contract.problems('GET', '/v1/availability?sku=A1', answer(200, withoutLag, availability)),
    ).toEqual(['header X-Projection-Lag-ms is required but missing']);
    expect(
      contract.problems(
        'GET',
        '/v1/availability?sku=A1',
        answer(200, { ...readHeaders, 'x-projection-lag-ms': 'soon' }, availability),
      ),
    ).toEqual([expect.stringContaining('header X-Projection-Lag-ms')]);
    expect(
      contract.problems('POST', '/v1/stores', answer(503, problemJson, problem(503, 'SERVICE.UNAVAILABLE'))),
    ).toEqual(['header Retry-After is required but missing']);
  });

  it('refuses a body off its schema, and a content type the document does not list', () => {
    const { available: _available, ...partial } = levels;
    expect(
      contract.problems('POST', '/v1/adjustments', answer(202, json, { ...partial, extra: true })),
    ).toEqual(
      expect.arrayContaining([
        "body must have required property 'available'",
        'body must NOT have additional properties',
      ]),
    );
    expect(
      contract.problems('POST', '/v1/stores', answer(400, json, problem(400, 'VALIDATION.FAILED'))),
    ).toEqual([expect.stringContaining('content type "application/json" is not documented')]);
  });

  it('holds routes the document lacks to a 404 problem', () => {
    expect(
      contract.problems('GET', '/v1/nothing', answer(404, problemJson, problem(404, 'ROUTE.NOT_FOUND'))),
    ).toEqual([]);
    expect(contract.problems('GET', '/v1/nothing', answer(200, json, {}))).toEqual([
      expect.stringContaining('no operation in the document serves this request'),
    ]);
  });
});
