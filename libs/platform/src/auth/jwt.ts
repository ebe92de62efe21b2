import { createHmac, createPublicKey, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

export class InvalidToken extends Error {}

export interface JwtClaims {
  sub?: string;
  exp?: number;
  nbf?: number;
  roles?: unknown;
  [claim: string]: unknown;
}

export interface JwtKeys {
  secret?: string;
  publicKey?: string;
}

const ASYMMETRIC = { RS256: 'RSA-SHA256', ES256: 'SHA256' } as const;

/** Verifies a compact JWS (HS256 with a shared secret, RS256/ES256 with a public key) and its time claims. */
export class JwtVerifier {
  private readonly publicKey?: KeyObject;

  constructor(
    private readonly keys: JwtKeys,
    private readonly now: () => number = Date.now,
  ) {
    if (keys.publicKey) this.publicKey = createPublicKey(keys.publicKey);
  }

  verify(token: string): JwtClaims {
    const parts = token.split('.');
    if (parts.length !== 3) throw new InvalidToken('malformed token');
    const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
    const header = decodeJson(headerPart) as { alg?: string };
    const signed = Buffer.from(`${headerPart}.${payloadPart}`);
    const signature = Buffer.from(signaturePart, 'base64url');
    if (!this.signatureHolds(header.alg, signed, signature)) throw new InvalidToken('bad signature');
    const claims = decodeJson(payloadPart) as JwtClaims;
    const nowSeconds = this.now() / 1000;
    if (typeof claims.exp === 'number' && nowSeconds >= claims.exp) throw new InvalidToken('token expired');
    if (typeof claims.nbf === 'number' && nowSeconds < claims.nbf)
      throw new InvalidToken('token not yet valid');
    return claims;
  }

  private signatureHolds(alg: string | undefined, signed: Buffer, signature: Buffer): boolean {
    if (alg === 'HS256' && this.keys.secret) {
      const expected = createHmac('sha256', this.keys.secret).update(signed).digest();
      return expected.length === signature.length && timingSafeEqual(expected, signature);
    }
    if ((alg === 'RS256' || alg === 'ES256') && this.publicKey) {
      const dsaEncoding = alg === 'ES256' ? 'ieee-p1363' : undefined;
      return verify(ASYMMETRIC[alg], signed, { key: this.publicKey, dsaEncoding }, signature);
    }
    throw new InvalidToken(`unsupported or unconfigured algorithm ${alg ?? '(none)'}`);
  }
}

function decodeJson(part: string): unknown {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null) throw new Error('not an object');
    return value;
  } catch {
    throw new InvalidToken('malformed token');
  }
}

/** Signs an HS256 token: for tests and local tooling. */
export function signHs256(claims: JwtClaims, secret: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}
