import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { AppConfig } from '../config/app-config';
import { NestPinoLogger } from '../logging/logger';
import { Metrics } from '../metrics/metrics';
import { LOGGER } from '../platform.module';
import { ProblemError } from './problem';
import { ProblemDetailsFilter } from './problem-details.filter';

const BODY_LIMIT_BYTES = 1024 * 1024;
import { createValidationPipe } from './validation';

/**
 * Builds a Nest app on Fastify with the system's HTTP conventions: problem+json for every error
 * (Nest routes Fastify's body-parser errors and unknown routes through the same filter), strict validation, a 1 MiB body
 * limit, request metrics, and graceful shutdown on SIGTERM/SIGINT.
 */
export async function createHttpApp(module: Type<unknown>): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    logger: false,
    return503OnClosing: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { bufferLogs: true });
  const logger = app.get<Logger>(LOGGER);
  const metrics = app.get(Metrics);
  app.useLogger(new NestPinoLogger(logger));
  app.useGlobalFilters(new ProblemDetailsFilter(logger));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const fastify = adapter.getInstance();
  acceptOnlyJson(adapter);
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequestDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  return app;
}

/**
 * JSON is the only body the API takes: other media types get 415, and unparseable JSON gets a 400
 * with its own code (Fastify's prototype-poisoning protection stays on).
 */
function acceptOnlyJson(adapter: FastifyAdapter): void {
  const fastify = adapter.getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  adapter.useBodyParser('application/json', false, { bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) => {
    parseJson(request, body.toString('utf8'), (error, value) => {
      if (error && (error as { code?: string }).code !== 'FST_ERR_CTP_EMPTY_JSON_BODY') {
        done(
          new ProblemError(400, 'REQUEST.MALFORMED_JSON', 'the request body is not valid JSON'),
          undefined,
        );
        return;
      }
      done(null, error ? undefined : value);
    });
  });
}

export async function listen(app: INestApplication): Promise<void> {
  const config = app.get(AppConfig);
  const logger = app.get<Logger>(LOGGER);
  await app.listen(config.http.port, config.http.host);
  logger.info(
    { port: config.http.port },
    `${config.app} listening on http://${config.http.host}:${config.http.port}`,
  );
}

/** An app's whole `main`: build, listen, and exit non-zero if booting fails. */
export function runHttpApp(module: Type<unknown>): void {
  createHttpApp(module)
    .then(listen)
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
