import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { AuthGuard, RequireRoles } from '@inventory/platform';
import { DeadLetterReplayer, type Replayed } from './dead-letter-replayer';
import { ReplayDeadLettersRequest } from './replay-dead-letters.request.dto';

/** Re-delivers chosen dead letters (optionally one corrected message): admins only. */
@Controller('v1/dlt')
@UseGuards(AuthGuard)
export class ReplayDeadLettersHttpController {
  constructor(private readonly replayer: DeadLetterReplayer) {}

  @Post('replay')
  @HttpCode(202)
  @RequireRoles('admin')
  async replay(@Body() request: ReplayDeadLettersRequest): Promise<{ replayed: Replayed[] }> {
    return { replayed: await this.replayer.replay(request.ids, request.replacement) };
  }
}
