import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import config, { CONSOLE_GQL_DIR } from '../../apps/console/codegen';

const ROOT = join(__dirname, '../..');

function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

/**
 * The console's typed operations (apps/console/src/gql) are generated from apps/api/schema.graphql
 * and the documents in the console's source, and checked in. Regenerating into a temporary
 * directory must give the same files: run `npm run console:codegen` when this fails (after a
 * schema change or an edited query).
 */
describe('console GraphQL codegen', () => {
  it('apps/console/src/gql is up to date with the schema and the console documents', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'sn-codegen-'));
    try {
      const out = join(tmp, 'gql') + '/';
      // The same config, its outputs moved to the temporary directory.
      const generates = Object.fromEntries(Object.entries(config.generates).map(([target, v]) => [target.replace(CONSOLE_GQL_DIR, out), v]));
      const file = join(tmp, 'codegen.json');
      writeFileSync(file, JSON.stringify({ ...config, generates }));
      // The CLI runs in its own process (it loads ES modules Jest's runtime cannot require).
      const cli = join(ROOT, 'node_modules/@graphql-codegen/cli/cjs/bin.js');
      const r = spawnSync(process.execPath, [cli, '--config', file, '--silent'], { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`codegen failed:\n${r.stdout}\n${r.stderr}`);
      const generated = filesOf(out);
      const committed = filesOf(join(ROOT, CONSOLE_GQL_DIR));
      expect(Object.keys(committed).sort()).toEqual(Object.keys(generated).sort());
      for (const [name, content] of Object.entries(generated)) expect({ name, content: committed[name] }).toEqual({ name, content });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
