import { ApiClient, OpenApiContract } from '@inventory/testing';

const api = new ApiClient();
const contract = OpenApiContract.load();

type Json = Record<string, unknown>;

function resolve(node: Json): Json {
  if (typeof node.$ref !== 'string') return node;
  return resolve(
    node.$ref
      .slice(2)
      .split('/')
      .reduce<Json>((at, key) => at[key] as Json, contract.document),
  );
}

function sampleUrl(operation: { path: string; definition: Json }): string {
  const parameters = ((operation.definition.parameters ?? []) as Json[]).map(resolve);
  const query = parameters.filter((p) => p.in === 'query' && p.required);
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(String(parameters.find((p) => p.in === 'path' && p.name === name)!.example)),
  );
  const search = new URLSearchParams(query.map((p): [string, string] => [String(p.name), String(p.example)]));
  return query.length > 0 ? `${path}?${search}` : path;
}

/**
 * The running system agrees with the document: every operation it declares is routed by the gateway
 * to an app that serves it. The probes carry no token, so writes stop at authentication and change
 * nothing; ApiClient holds each answer to the document as usual.
 */
describe('every documented operation, through the running gateway', () => {
  it.each(contract.operations().map((op) => [`${op.method} ${op.path}`, op] as const))(
    '%s is served',
    async (_, operation) => {
      const url = sampleUrl(operation);
      const answer = await api.request<{ code?: string }>(operation.method, url, {
        headers: operation.method === 'POST' ? { 'content-type': 'application/json' } : {},
        body: operation.method === 'POST' ? {} : undefined,
      });
      expect({ url, code: answer.body?.code }).not.toEqual({ url, code: 'ROUTE.NOT_FOUND' });
      if (operation.definition.security === undefined) expect(answer.status).toBe(401);
    },
  );
});
