/**
 * The HS256 secret `npm test` gives the apps, so tests can mint tokens with chosen roles. Kept free of
 * imports: Jest's global setup loads it without the path aliases.
 */
export const TEST_JWT_SECRET = 'inventory-test-secret-not-for-production';
