/**
 * What the gateway answers itself instead of routing to an app: its own health, readiness and metrics,
 * and the API docs. Paths use the router's syntax (`:param`).
 */
export const LOCAL_ROUTES = {
  health: '/health',
  ready: '/ready',
  metrics: '/metrics',
  docs: '/docs',
  openapi: '/docs/openapi.yaml',
  asset: '/docs/assets/:file',
} as const;

export type LocalRoute = keyof typeof LOCAL_ROUTES;

/** Local routes answer GET, and HEAD like GET without the body. */
export const LOCAL_METHODS = ['GET', 'HEAD'] as const;
