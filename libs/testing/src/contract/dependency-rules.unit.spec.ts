import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');
const DEPCRUISE = path.join(ROOT, 'node_modules', '.bin', 'depcruise');

/** A tree with one file per layer, each breaking the rule it is named after. */
const BROKEN_TREE: Record<string, string> = {
  'tsconfig.json': '{ "compilerOptions": { "module": "commonjs" } }',
  'libs/domain/src/decider.ts':
    "import { clock } from '../../platform/src/clock';\nexport const now = clock;\n",
  'libs/platform/src/clock.ts':
    "import { route } from '../../../apps/one/src/route';\nexport const clock = route;\n",
  'apps/one/src/route.ts':
    "import { handler } from '../../two/src/handler';\nexport const route = handler;\n",
  'apps/two/src/handler.ts':
    "import { route } from '../../one/src/route';\nexport const handler = () => route;\n",
};

function cruise(cwd: string): { status: number | null; output: string } {
  const run = spawnSync(
    DEPCRUISE,
    ['apps', 'libs', '--config', path.join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'err'],
    { cwd, encoding: 'utf8' },
  );
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the dependency rules (npm run lint:deps)', () => {
  it('fail the lint on a domain import, a library reaching into an app, apps importing each other and a cycle', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dependency-rules-'));
    try {
      for (const [file, text] of Object.entries(BROKEN_TREE)) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), text);
      }
      const { status, output } = cruise(dir);
      expect(status).not.toBe(0);
      for (const rule of [
        'domain-is-pure',
        'libs-never-import-apps-or-tools',
        'apps-never-import-each-other',
        'no-circular',
      ]) {
        expect(output).toContain(rule);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
