import { Controller, Get, Inject } from '@nestjs/common';
import { ServiceUnavailable } from '@inventory/platform';
import type { Projection } from '../projections/projection';
import { PROJECTIONS } from '../projections/projections';
import { ProjectorRunner } from '../projector.runner';
import { ProjectionRebuild } from '../rebuild/projection-rebuild';
import { LastErrors } from './last-errors';
import { ProjectionMonitor } from './projection-monitor';
import { partitionStatuses, type ProjectionsStatus, type ProjectionStatus } from './projection-status';

/** What each projection is doing, how far behind it is, and a rebuild's progress. */
@Controller('v1/projections')
export class ProjectionStatusHttpController {
  constructor(
    @Inject(PROJECTIONS) private readonly projections: Projection[],
    private readonly monitor: ProjectionMonitor,
    private readonly runner: ProjectorRunner,
    private readonly rebuild: ProjectionRebuild,
    private readonly lastErrors: LastErrors,
  ) {}

  @Get('status')
  status(): ProjectionsStatus {
    this.monitor.wake();
    const sample = this.monitor.sample;
    if (!sample) throw new ServiceUnavailable('Kafka offsets not sampled yet; retry shortly');
    const now = Date.now();
    return {
      sampledAt: new Date(sample.at).toISOString(),
      projections: this.projections.map((projection): ProjectionStatus => {
        const partitions = partitionStatuses(projection, sample.ends, sample.checkpoints);
        const rebuild = this.rebuild.statusOf(projection);
        return {
          name: projection.name,
          state: rebuild ? 'rebuilding' : this.runner.isLive(projection) ? 'live' : 'stopped',
          topics: [...projection.topics],
          partitions,
          consumerLag: partitions.reduce((sum, partition) => sum + partition.consumerLag, 0),
          lagMs: this.monitor.lagMs(projection, now),
          eventsPerSecond: this.monitor.eventsPerSecond(projection),
          lastError: this.lastErrors.of(projection.name),
          rebuild,
        };
      }),
      lastRebuild: this.rebuild.lastOutcome,
    };
  }
}
