import { likeLiteral } from './list-product-totals.handler';

describe('product search text', () => {
  it('matches %, _ and \\ literally', () => {
    expect(likeLiteral('50%_off\\x')).toBe('50\\%\\_off\\\\x');
    expect(likeLiteral('plain')).toBe('plain');
  });
});
