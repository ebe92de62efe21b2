import { InvalidToken, JwtVerifier, signHs256 } from './jwt';

const secret = 'test-secret-of-decent-length';
const now = 1_700_000_000_000;
const verifier = new JwtVerifier({ secret }, () => now);

describe('JwtVerifier', () => {
  it('accepts a well-signed, current HS256 token and returns its claims', () => {
    const token = signHs256({ sub: 'alice', roles: ['admin'], exp: now / 1000 + 60 }, secret);
    expect(verifier.verify(token)).toMatchObject({ sub: 'alice', roles: ['admin'] });
  });

  it('refuses a token signed with another secret', () => {
    const token = signHs256({ sub: 'alice' }, 'another-secret');
    expect(() => verifier.verify(token)).toThrow(InvalidToken);
  });

  it('refuses an expired token and one not yet valid', () => {
    expect(() => verifier.verify(signHs256({ sub: 'a', exp: now / 1000 - 1 }, secret))).toThrow(
      'token expired',
    );
    expect(() => verifier.verify(signHs256({ sub: 'a', nbf: now / 1000 + 60 }, secret))).toThrow(
      'not yet valid',
    );
  });

  it('refuses garbage and the "none" algorithm', () => {
    expect(() => verifier.verify('not-a-token')).toThrow(InvalidToken);
    expect(() => verifier.verify('a.b.c')).toThrow(InvalidToken);
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'mallory' })).toString('base64url');
    expect(() => verifier.verify(`${header}.${body}.`)).toThrow(InvalidToken);
  });
});
