import { ApiClient, OpenApiContract } from '@inventory/testing';

const api = new ApiClient();
const contract = OpenApiContract.load();

/**
 * The running system agrees with the document: every operation it declares is routed by the gateway
 * to an app that serves it. The probes carry no token, so writes stop at authentication and change
 * nothing; ApiClient holds each answer to the document as usual.
 */
describe('every documented operation, through the running gateway', () => {
  it.each(contract.operations().map((op) => [`${op.method} ${op.path}`, op] as const))(
    '%s is served',
    async (_, operation) => {
      const url = contract.sampleUrl(operation, true);
      const answer = await api.request<{ code?: string }>(operation.method, url, {
        headers: operation.method === 'POST' ? { 'content-type': 'application/json' } : {},
        body: operation.method === 'POST' ? {} : undefined,
      });
      expect({ url, code: answer.body?.code }).not.toEqual({ url, code: 'ROUTE.NOT_FOUND' });
      if (operation.definition.security === undefined) expect(answer.status).toBe(401);
    },
  );
});
