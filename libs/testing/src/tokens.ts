import { signHs256 } from '@inventory/platform';
import { TEST_JWT_SECRET } from './kit/test-secret';

export function tokenFor(subject: string, roles: string[] = [], ttlSeconds = 300): string {
  return signHs256({ sub: subject, roles, exp: Math.floor(Date.now() / 1000) + ttlSeconds }, TEST_JWT_SECRET);
}
