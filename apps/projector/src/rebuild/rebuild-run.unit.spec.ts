import type { Projection } from '../projections/projection';
import { liveGroupId } from '../projector.runner';
import { REBUILD_GROUP, rebuildGroupId } from './rebuild-run';

const projection: Projection = {
  name: 'availability',
  topics: [],
  tables: [],
  write: () => undefined,
};

describe('rebuild consumer groups', () => {
  it('are told apart from the live groups, so leftovers can be deleted at start', () => {
    expect(REBUILD_GROUP.test(rebuildGroupId(projection, '3f1c0b52-1d2e-4e1b-9d55-0f6a3b3c2d10'))).toBe(true);
    expect(REBUILD_GROUP.test(liveGroupId(projection))).toBe(false);
    expect(REBUILD_GROUP.test('projector.availability.rebuilder')).toBe(false);
  });
});
