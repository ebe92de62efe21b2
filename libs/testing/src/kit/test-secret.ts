/**
 * The HS256 secret `npm test` and `npm run fuzz` give the apps, so tests can mint tokens with chosen
 * roles. Kept free of imports: Jest's global setup and the tools load it without the path aliases.
 */
export const TEST_JWT_SECRET = 'inventory-test-secret-not-for-production';
