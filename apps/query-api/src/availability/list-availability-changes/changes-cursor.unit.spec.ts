import { ProblemError } from '@inventory/platform';
import { decodeChangesCursor, encodeChangesCursor } from './changes-cursor';

describe('changes feed cursor', () => {
  it('round-trips a change number', () => {
    expect(decodeChangesCursor(encodeChangesCursor(9_007_199_254_740_993n))).toBe(9_007_199_254_740_993n);
    expect(decodeChangesCursor(undefined)).toBe(0n);
  });

  it.each([
    '',
    '!!',
    'LTE',
    Buffer.from('12|3').toString('base64url'),
    Buffer.from('x').toString('base64url'),
  ])('refuses %p with 400 VALIDATION.FAILED naming the cursor', (cursor) => {
    let thrown: unknown;
    try {
      decodeChangesCursor(cursor);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProblemError);
    expect((thrown as ProblemError).toProblem()).toMatchObject({
      status: 400,
      code: 'VALIDATION.FAILED',
      errors: [{ field: 'cursor' }],
    });
  });
});
