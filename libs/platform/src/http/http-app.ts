import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { AppConfig } from '../config/app-config';
import { NestPinoLogger } from '../logging/logger';
import { Metrics } from '../metrics/metrics';
import { LOGGER } from '../platform.module';
import { problem, PROBLEM_CONTENT_TYPE, ProblemError } from './problem';
import { ProblemDetailsFilter } from './problem-details.filter';
import { createValidationPipe } from './validation';

const BODY_LIMIT_BYTES = 1024 * 1024;
/** Deeper bodies are refused: no request of the API nests beyond a few levels, and recursion over them can overflow the stack. */
export const MAX_JSON_DEPTH = 32;
/**
 * Bodies with more values (objects, arrays, strings, numbers…) are refused before anything else reads
 * them. The largest request of the API, 1000 lines of `{sku, qty}`, holds about 3,000; a megabyte of
 * `[],` holds 350,000, and validating and fingerprinting that many cost seconds of CPU and more heap
 * than an app has.
 */
export const MAX_JSON_VALUES = 20_000;
/** Ids in paths are at most 255 characters (idempotency keys); longer segments reach validation and get its 400. */
const MAX_PARAM_LENGTH = 2048;
/** How long a client is asked to wait when this instance is shutting down: another one takes the retry. */
const SHUTDOWN_RETRY_AFTER_SECONDS = 1;

/**
 * Builds a Nest app on Fastify with the system's HTTP conventions: problem+json for every error
 * (Nest routes Fastify's body-parser errors and unknown routes through the same filter; the router's
 * own URL errors go through `frameworkErrors`), strict validation, a 1 MiB body limit, request metrics,
 * and graceful shutdown on SIGTERM/SIGINT that answers requests arriving meanwhile with a 503 problem
 * and `Retry-After`.
 */
export async function createHttpApp(module: Type<unknown>): Promise<NestFastifyApplication> {
  let closing = false;
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    logger: false,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Fastify's own 503 while closing is plain JSON without Retry-After; the onRequest hook below answers instead.
    return503OnClosing: false,
    frameworkErrors: (error: FastifyError, _request: unknown, reply: FastifyReply) => {
      void reply
        .status(400)
        .header('content-type', PROBLEM_CONTENT_TYPE)
        .send(JSON.stringify(problem(400, 'REQUEST.INVALID_URL', error.message)));
    },
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
  // Nest tears modules down (pools, consumers) before it closes the server: refuse new work from the
  // signal on, not only once Fastify closes.
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.prependOnceListener(signal, () => (closing = true));
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!closing) {
      done();
      return;
    }
    const body = problem(503, 'SERVICE.SHUTTING_DOWN', 'this instance is shutting down; retry shortly');
    body.instance = request.url.split('?')[0];
    void reply
      .status(503)
      .header('retry-after', String(SHUTDOWN_RETRY_AFTER_SECONDS))
      .header('connection', 'close')
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify(body));
  });
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
 * JSON is the only body the API takes: other media types get 415, unparseable JSON gets a 400 with its
 * own code (Fastify's prototype-poisoning protection stays on), and so does JSON nested deeper than
 * `MAX_JSON_DEPTH`.
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
      const refusal = error ? undefined : refuseBody(value);
      if (refusal) {
        done(refusal, undefined);
        return;
      }
      done(null, error ? undefined : value);
    });
  });
}

/**
 * What no request of the API holds: a body that is not an object, nesting deeper than `MAX_JSON_DEPTH`,
 * more than `MAX_JSON_VALUES` values, and text PostgreSQL cannot
 * store or that is not Unicode (NUL, unpaired surrogates) in any string or key. Iterative, so a hostile
 * body cannot overflow the stack while being inspected.
 */
export function refuseBody(value: unknown): ProblemError | undefined {
  // Every body the API takes is an object; `null` would otherwise pass for "no body".
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return new ProblemError(400, 'VALIDATION.FAILED', 'the request body must be a JSON object');
  }
  // Two parallel stacks rather than a tuple per value, and the budget checked as values are queued:
  // inspecting a hostile body must not itself cost the memory the budget is there to protect.
  const pending: unknown[] = [value];
  const depths: number[] = [1];
  let values = 1;
  while (pending.length > 0) {
    const current = pending.pop();
    const depth = depths.pop()!;
    if (typeof current === 'string') {
      if (!isStorableText(current)) return invalidText();
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth > MAX_JSON_DEPTH) {
      return new ProblemError(
        400,
        'REQUEST.TOO_DEEP',
        `the request body nests deeper than ${MAX_JSON_DEPTH} levels`,
      );
    }
    const keys = Array.isArray(current) ? undefined : Object.keys(current);
    values += keys ? keys.length : (current as unknown[]).length;
    if (values > MAX_JSON_VALUES) {
      return new ProblemError(
        400,
        'REQUEST.TOO_MANY_VALUES',
        `the request body holds more than ${MAX_JSON_VALUES} JSON values`,
      );
    }
    const children = keys ? keys.map((key) => (current as Record<string, unknown>)[key]) : current;
    if (keys?.some((key) => !isStorableText(key))) return invalidText();
    for (const child of children as unknown[]) {
      pending.push(child);
      depths.push(depth + 1);
    }
  }
  return undefined;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

function invalidText(): ProblemError {
  return new ProblemError(
    400,
    'REQUEST.INVALID_TEXT',
    'the request body holds a NUL character or an unpaired UTF-16 surrogate',
  );
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
