import { Controller, Get, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../config/app-config';
import { PlatformModule } from '../platform.module';
import { createHttpApp } from './http-app';

let releaseSlow: () => void = () => undefined;
let slowEntered: () => void = () => undefined;

@Controller()
class SlowController {
  @Get('slow')
  async slow(): Promise<{ done: true }> {
    slowEntered();
    await new Promise<void>((resolve) => (releaseSlow = resolve));
    return { done: true };
  }
}

@Module({
  imports: [PlatformModule.forApp('query-api', loadConfig('query-api', { LOG_LEVEL: 'silent' }))],
  controllers: [SlowController],
})
class SlowModule {}

/**
 * One keep-alive connection: sends `first`, then `next` as soon as the first answer is complete, like a
 * pooled client; resolves with everything the server wrote until it closed the connection.
 */
function keepAliveExchange(port: number, first: string, next: string): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  let sentNext = false;
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
    if (!sentNext && received.includes('{"done":true}')) {
      sentNext = true;
      socket.write(next);
    }
  });
  socket.write(first);
  return new Promise<string>((resolve, reject) => {
    socket.once('close', () => resolve(received));
    socket.once('error', reject);
  });
}

describe('an app shutting down', () => {
  let app: NestFastifyApplication;

  afterEach(async () => {
    releaseSlow();
    await app?.close().catch(() => undefined);
  });

  it('answers requests that arrive meanwhile with a 503 problem and Retry-After, after finishing the one in flight', async () => {
    app = await createHttpApp(SlowModule);
    let closingStarted!: () => void;
    const closing = new Promise<void>((resolve) => (closingStarted = resolve));
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('preClose', (done: () => void) => {
        closingStarted();
        done();
      });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;

    const entered = new Promise<void>((resolve) => (slowEntered = resolve));
    const answer = keepAliveExchange(
      port,
      'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /health HTTP/1.1\r\nHost: x\r\n\r\n',
    );
    await entered;
    const closed = app.close();
    await closing;
    releaseSlow();
    const [first, second] = (await answer).split(/(?=HTTP\/1\.1 )/);
    await closed;

    expect(first).toMatch(/^HTTP\/1\.1 200 /);
    expect(first).toContain('{"done":true}');
    expect(second).toMatch(/^HTTP\/1\.1 503 /);
    expect(second).toMatch(/\r\ncontent-type: application\/problem\+json/i);
    expect(second).toMatch(/\r\nretry-after: 1\r\n/i);
    const body = JSON.parse(second!.slice(second!.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 503, code: 'SERVICE.SHUTTING_DOWN', instance: '/health' });
  });
});
