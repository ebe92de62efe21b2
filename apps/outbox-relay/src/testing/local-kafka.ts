import { spawn } from 'node:child_process';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const STACK_CLI = path.join(REPO_ROOT, 'tools/stack/cli.ts');

/**
 * Stops and starts the stack's own Kafka, for fault-injection tests. The stack manager treats a service
 * named in DATABASE_URL / REDIS_URL / KAFKA_BROKERS as external and never touches it, so those are
 * removed from its environment: it then manages the local broker by its pid file.
 */
export class LocalKafka {
  constructor(private readonly processEnv: NodeJS.ProcessEnv) {}

  /** Refuses to go on unless KAFKA_BROKERS is this stack's own broker (nobody else's to stop). */
  async assertLocal(kafkaBrokers: string): Promise<void> {
    const output = await this.stack(['status', '--only', 'kafka', '--json'], true);
    const [kafka] = JSON.parse(output) as { state: string; url: string }[];
    if (kafka?.state !== 'up' || kafka.url !== kafkaBrokers) {
      throw new Error(
        `this test stops and restarts the stack's local Kafka, but KAFKA_BROKERS=${kafkaBrokers} is not it ` +
          `(local kafka: ${JSON.stringify(kafka)})`,
      );
    }
  }

  async stop(): Promise<void> {
    await this.stack(['down', '--only', 'kafka']);
  }

  /** Starts it (or finds it running) and returns once the broker answers metadata requests. */
  async start(): Promise<void> {
    await this.stack(['up', '--only', 'kafka']);
  }

  private stack(args: string[], allowFailure = false): Promise<string> {
    const env = { ...this.processEnv };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    delete env.KAFKA_BROKERS;
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [STACK_CLI, ...args], {
        cwd: REPO_ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('error', reject);
      child.once('exit', (code) =>
        code === 0 || allowFailure
          ? resolve(stdout)
          : reject(new Error(`stack ${args.join(' ')} failed (exit ${code}): ${stderr}`)),
      );
    });
  }
}
