import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { Logger } from './log.ts';
import { runLogged, spawnDetached, whichBinary } from './proc.ts';
import { INFRA_KAFKA_DIR, serviceDir, stackPort } from './paths.ts';
import type { Service } from './service.ts';

const BROKER_PORT = stackPort('KAFKA', 59092);
const CONTROLLER_PORT = stackPort('KAFKA_CONTROLLER', BROKER_PORT + 1);
const POM = path.join(INFRA_KAFKA_DIR, 'pom.xml');
const TEMPLATE = path.join(INFRA_KAFKA_DIR, 'server.properties');
const LOG4J_CONFIG = path.join(INFRA_KAFKA_DIR, 'log4j2.properties');
const HEAP = ['-Xms256m', '-Xmx512m'];
/**
 * One small broker on a small machine: its own JIT was its largest CPU user. JFR's per-thread CPU over
 * 20 s of the benchmark's commands scenario put C2's compiler threads at ~4× the request handlers;
 * C1 alone and the serial collector cut the broker's CPU per command from 0.70 to 0.28 ms, drained
 * a backlog as fast (6,224 vs 6,264 events/s) and peaked at 379 MB RSS instead of 627 (bench/README.md).
 */
const JVM_TUNING = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

const dir = (): string => serviceDir('kafka');
const libsDir = (): string => path.join(dir(), 'libs');
const dataDir = (): string => path.join(dir(), 'data');
const configFile = (): string => path.join(dir(), 'server.properties');
// The JVM's own stdout/stderr; Kafka itself logs to server.log through log4j2.
const stdoutFile = (): string => path.join(dir(), 'kafka.out');

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function readOrEmpty(file: string): Promise<string> {
  return readFile(file, 'utf8').catch(() => '');
}

async function requireBinary(name: string, hint: string): Promise<string> {
  const found = await whichBinary(name);
  if (!found) throw new Error(`${name} not found on PATH: ${hint}`);
  return found;
}

export async function javaBinary(): Promise<string> {
  const home = process.env.JAVA_HOME;
  return home
    ? path.join(home, 'bin', 'java')
    : requireBinary('java', 'install a Java 17+ runtime (e.g. apt-get install -y openjdk-17-jre-headless)');
}

// The pom hash stamps the libs dir, so a warm start skips Maven (about 5 s even offline)
// while a version bump in the pom still refreshes the jars. The benchmark keeps its own copy
// (Kafka's tools, e.g. ProducerPerformance) so it never replaces the jars of a running broker.
export async function ensureKafkaJars(log: Logger, target: string = libsDir()): Promise<void> {
  const pomHash = createHash('sha256')
    .update(await readFile(POM))
    .digest('hex');
  const stamp = path.join(target, '.pom.sha256');
  if ((await readOrEmpty(stamp)).trim() === pomHash) return;
  const mvn = await requireBinary('mvn', 'install Maven 3.6.3+ (e.g. apt-get install -y maven)');
  log('kafka: fetching Kafka jars from Maven Central (mvn dependency:copy-dependencies)');
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true });
  await runLogged({
    command: mvn,
    args: ['-q', '-B', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${target}`],
    logFile: path.join(target, 'mvn.log'),
  });
  await writeFile(stamp, `${pomHash}\n`);
}

// Same shape as Kafka's own Uuid: 16 random bytes, URL-safe base64 without padding;
// a leading '-' would be mistaken for a command-line option.
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

async function clusterId(): Promise<string> {
  const file = path.join(dir(), 'cluster-id');
  const existing = (await readOrEmpty(file)).trim();
  if (existing) return existing;
  const id = newClusterId();
  await writeFile(file, `${id}\n`);
  return id;
}

async function writeConfig(): Promise<void> {
  const values: Record<string, string> = {
    BROKER_PORT: String(BROKER_PORT),
    CONTROLLER_PORT: String(CONTROLLER_PORT),
    LOG_DIRS: dataDir(),
  };
  const template = await readFile(TEMPLATE, 'utf8');
  const rendered = template.replace(/\$\{(\w+)\}/g, (match, key: string) => values[key] ?? match);
  await writeFile(configFile(), rendered);
}

function jvmArgs(): string[] {
  return [
    `-Dlog4j2.configurationFile=${LOG4J_CONFIG}`,
    `-Dkafka.logs.dir=${dir()}`,
    '-Djava.awt.headless=true',
    '-cp',
    path.join(libsDir(), '*'),
  ];
}

async function formatStorage(log: Logger): Promise<void> {
  if (await exists(path.join(dataDir(), 'meta.properties'))) return;
  log('kafka: formatting KRaft storage');
  // Anything here without meta.properties is the leftover of an interrupted format.
  await rm(dataDir(), { recursive: true, force: true });
  await runLogged({
    command: await javaBinary(),
    args: [
      ...jvmArgs(),
      'kafka.tools.StorageTool',
      'format',
      '-t',
      await clusterId(),
      '-c',
      configFile(),
      '--standalone',
    ],
    logFile: path.join(dir(), 'format.log'),
    cwd: dir(),
  });
}

async function prepare(log: Logger): Promise<void> {
  await mkdir(dir(), { recursive: true });
  await ensureKafkaJars(log);
  await writeConfig();
  await formatStorage(log);
}

async function launch(): Promise<ChildProcess> {
  return spawnDetached({
    command: await javaBinary(),
    args: [...HEAP, ...JVM_TUNING, '-XX:+ExitOnOutOfMemoryError', ...jvmArgs(), 'kafka.Kafka', configFile()],
    logFile: stdoutFile(),
    cwd: dir(),
  });
}

function entriesExceptLibs(): string[] {
  try {
    return readdirSync(dir())
      .filter((entry) => entry !== 'libs')
      .map((entry) => path.join(dir(), entry));
  } catch {
    return [];
  }
}

// Broker metadata answered over the client protocol is the readiness signal: the port
// opens well before the broker has registered with the controller.
async function probe(brokers: string): Promise<void> {
  const client = new Kafka({
    clientId: 'stack-probe',
    brokers: brokers.split(',').map((b) => b.trim()),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    requestTimeout: 5_000,
    retry: { retries: 0 },
  });
  const admin = client.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) throw new Error('cluster reports no live brokers yet');
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

export const kafka: Service = {
  name: 'kafka',
  envVar: 'KAFKA_BROKERS',
  port: BROKER_PORT,
  localUrl: `127.0.0.1:${BROKER_PORT}`,
  readyTimeoutMs: 120_000,
  processMarker: configFile,
  // Kafka's shutdown hook does a controlled shutdown on SIGTERM.
  stopSignal: 'SIGTERM',
  logFiles: () => [path.join(dir(), 'server.log'), stdoutFile()],
  probe,
  readinessUrl: () => `127.0.0.1:${BROKER_PORT}`,
  prepare,
  launch,
  afterReady: async () => {},
  // libs/ is a download cache, not data: keeping it makes a purged start skip Maven.
  purgePaths: () => entriesExceptLibs(),
};
