import { Controller, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { AuthGuard, RequireRoles } from '@inventory/platform';
import { ProjectionRebuild, type RebuildStarted } from './projection-rebuild';

/**
 * Starts rebuilding every projection from the topics (admins only). Answers at once; the rebuild's
 * progress is in `GET /v1/projections/status`.
 */
@Controller('v1/projections')
@UseGuards(AuthGuard)
export class StartRebuildHttpController {
  constructor(private readonly rebuild: ProjectionRebuild) {}

  @Post('rebuild')
  @HttpCode(202)
  @Header('location', '/v1/projections/status')
  @RequireRoles('admin')
  start(): Promise<RebuildStarted> {
    return this.rebuild.start();
  }
}
