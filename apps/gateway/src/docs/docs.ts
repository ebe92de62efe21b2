import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The files the docs page loads, all from the swagger-ui-dist package: nothing comes from elsewhere. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

export interface StaticFile {
  contentType: string;
  body: Buffer | string;
}

/** The repository's `openapi/openapi.yaml`, found above this file in the sources and in `dist/` alike. */
function findOpenApiFile(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'openapi', 'openapi.yaml');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`openapi/openapi.yaml not found above ${from}`);
  }
}

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Inventory platform API</title>
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
  </head>
  <body>
    <div id="docs"></div>
    <script src="/docs/assets/swagger-ui-bundle.js"></script>
    <script>
      window.ui = SwaggerUIBundle({
        url: '/docs/openapi.yaml',
        dom_id: '#docs',
        deepLinking: true,
        persistAuthorization: true,
        displayRequestDuration: true,
        showExtensions: true,
      });
    </script>
  </body>
</html>
`;

/**
 * Interactive docs (Swagger UI) of the one contract file, served by the gateway so the page and the
 * API it tries share an origin. Read once at start: a missing file fails the start, not a request.
 */
export class Docs {
  private readonly openapi: StaticFile;
  private readonly assetDir: string;
  private readonly assets = new Map<string, StaticFile>();

  constructor(from = __dirname) {
    this.openapi = {
      contentType: 'application/yaml; charset=utf-8',
      body: readFileSync(findOpenApiFile(from)),
    };
    this.assetDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  }

  page(): StaticFile {
    return { contentType: 'text/html; charset=utf-8', body: PAGE };
  }

  document(): StaticFile {
    return this.openapi;
  }

  /** One of the page's assets, or undefined for any other name. */
  asset(name: string): StaticFile | undefined {
    const contentType = ASSETS[name];
    if (!contentType) return undefined;
    let file = this.assets.get(name);
    if (!file) {
      file = { contentType, body: readFileSync(path.join(this.assetDir, name)) };
      this.assets.set(name, file);
    }
    return file;
  }
}
