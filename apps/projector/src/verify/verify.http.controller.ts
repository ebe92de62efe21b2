import { Controller, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { AuthGuard, RequireRoles, ServiceUnavailable } from '@inventory/platform';
import type { Discrepancy } from './read-model-check';
import { VerifyRequest } from './verify.request.dto';
import { ScheduledVerify } from './scheduled-verify';

/** Runs the scheduled read-model check now: what differed (and was re-projected). Admins only. */
@Controller('v1/projections')
@UseGuards(AuthGuard)
export class VerifyHttpController {
  constructor(private readonly verify: ScheduledVerify) {}

  @Post('verify')
  @HttpCode(200)
  @RequireRoles('admin')
  async run(
    @Query() request: VerifyRequest,
  ): Promise<{ items: number; skus: number; discrepancies: Discrepancy[] }> {
    const report = await this.verify.run(request.lagToleranceMs);
    if (!report) throw new ServiceUnavailable('the read-model check could not run; retry shortly');
    return report;
  }
}
