import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AuthGuard, Write, type WriteContext } from '@inventory/platform';
import type { FastifyReply } from 'fastify';
import { sendCommandResult } from '../../command-store/command-result';
import type { CommandResult } from '../../command-store/pending-event';
import { CreateProductCommand } from './create-product.command';
import { CreateProductRequest } from './create-product.request.dto';

@Controller('v1/products')
@UseGuards(AuthGuard)
export class CreateProductHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  async create(
    @Write() context: WriteContext,
    @Body() request: CreateProductRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const result = await this.commandBus.execute<CreateProductCommand, CommandResult>(
      new CreateProductCommand(context, request),
    );
    sendCommandResult(reply, result);
  }
}
