import type { Projection } from '../projections/projection';
import { partitionStatuses } from './projection-status';

const projection: Projection = {
  name: 'availability',
  topics: ['stock.events'],
  tables: [],
  write: () => undefined,
};

describe('partition statuses', () => {
  it('sets each partition of the projection’s topics against its checkpoint', () => {
    const statuses = partitionStatuses(
      projection,
      [
        { topic: 'stock.events', partition: 1, low: 0n, high: 9n },
        { topic: 'stock.events', partition: 0, low: 0n, high: 5n },
        { topic: 'product.events', partition: 0, low: 0n, high: 7n },
      ],
      [
        { projection: 'availability', topic: 'stock.events', partition: 0, nextOffset: 5n },
        { projection: 'availability', topic: 'stock.events', partition: 1, nextOffset: 4n },
        { projection: 'catalog', topic: 'stock.events', partition: 1, nextOffset: 9n },
      ],
    );
    expect(statuses).toEqual([
      { topic: 'stock.events', partition: 0, endOffset: 5, checkpoint: 5, consumerLag: 0 },
      { topic: 'stock.events', partition: 1, endOffset: 9, checkpoint: 4, consumerLag: 5 },
    ]);
  });

  it('counts a partition never applied from its log start', () => {
    const [status] = partitionStatuses(
      projection,
      [{ topic: 'stock.events', partition: 0, low: 2n, high: 6n }],
      [],
    );
    expect(status).toMatchObject({ checkpoint: 2, consumerLag: 4 });
  });
});
