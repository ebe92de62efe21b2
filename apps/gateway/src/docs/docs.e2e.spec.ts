import { readFileSync } from 'node:fs';
import { ApiClient, OPENAPI_FILE } from '@inventory/testing';
import { parse } from 'yaml';

const api = new ApiClient();

describe('GET /docs', () => {
  it('serves an interactive page that loads nothing from outside the gateway', async () => {
    const page = await api.get<string>('/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('SwaggerUIBundle');
    expect(page.text).toContain("url: '/docs/openapi.yaml'");
    const loads = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, url]) => url!);
    expect(loads.length).toBeGreaterThanOrEqual(2);
    for (const url of loads) {
      expect(url).toMatch(/^\/docs\/assets\//);
      const asset = await api.get<string>(url);
      expect(asset.status).toBe(200);
      expect(asset.text.length).toBeGreaterThan(10_000);
    }
  });

  it('serves the contract file it renders, as it is in the repository', async () => {
    const served = await api.get<string>('/docs/openapi.yaml');
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toContain('application/yaml');
    expect(served.text).toBe(readFileSync(OPENAPI_FILE, 'utf8'));
    expect(parse(served.text)).toMatchObject({ openapi: '3.1.0' });
  });

  it('answers 404 for any other asset', async () => {
    const missing = await api.get('/docs/assets/package.json');
    expect(missing.status).toBe(404);
  });
});
