import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import { AuthGuard, Write, type WriteContext } from '@inventory/platform';
import type { FastifyReply } from 'fastify';
import { sendCommandResult } from '../../command-store/command-result';
import { CommandStore } from '../../command-store/command-store';
import { createProductCommand } from './create-product.command';
import { ProductHandler } from '../product.handler';
import { presentCreatedProduct } from './create-product.presenter';
import { CreateProductRequest } from './create-product.request.dto';

@Controller('v1/products')
@UseGuards(AuthGuard)
export class CreateProductHttpController {
  constructor(
    private readonly commands: CommandStore,
    private readonly handler: ProductHandler,
  ) {}

  @Post()
  async create(
    @Write() context: WriteContext,
    @Body() request: CreateProductRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const command = createProductCommand(request);
    sendCommandResult(
      reply,
      await this.commands.run(context, this.handler, command, presentCreatedProduct(command)),
    );
  }
}
