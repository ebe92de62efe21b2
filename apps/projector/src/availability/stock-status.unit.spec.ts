import { stockBand } from '@inventory/domain';
import { stockStatus } from './availability.sql';

describe('the stock band, one rule in the domain and in the read side SQL', () => {
  it('bands available stock: out at or below 0, low at or below the threshold, else ok', () => {
    expect([-1, 0, 1, 3, 4].map((available) => stockBand(available, 3))).toEqual([
      'out',
      'out',
      'low',
      'low',
      'ok',
    ]);
    expect(stockBand(1, 0)).toBe('ok');
  });

  it('is the same rule in SQL, with the API names of the bands', () => {
    expect(stockStatus('a', 't')).toBe(
      "CASE WHEN a <= 0 THEN 'out_of_stock' WHEN a <= t THEN 'low_stock' ELSE 'in_stock' END",
    );
  });
});
