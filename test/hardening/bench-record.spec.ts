// bench/record.js keeps one section per benchmark title in RESULTS.md: a new run replaces the
// previous section of its title in place (duplicates left by older runs go), others stay put.
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { record } = require('../../bench/record') as { record: (title: string, command: string, lines: string[], file?: string) => void };

describe('bench/record.js', () => {
  it('replaces the section of the same title in place and appends new titles', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sn-record-')), 'RESULTS.md');
    writeFileSync(
      file,
      '# Benchmark results\n\nintro\n\n## A: 2026-01-01\n\n- a old\n\n## B: x: 2026-01-02\n\n- b\n\n## A: 2026-01-03\n\n- a older duplicate\n',
    );
    record('A', 'cmd a', ['a newest'], file);
    record('C', 'cmd c', ['c'], file);
    record('B: x', 'cmd b', ['b new'], file);
    const text = readFileSync(file, 'utf8');
    const headings = text.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.replace(/: \d{4}-\d{2}-\d{2}$/, ''));
    expect(headings).toEqual(['## A', '## B: x', '## C']);
    expect(text).toContain('intro');
    expect(text).toContain('- a newest');
    expect(text).not.toContain('a old');
    expect(text).not.toContain('duplicate');
    expect(text).toContain('- b new');
    expect(text).toMatch(/Machine: \d+ cores, \d+ GiB, Node v[\d.]+\. Command: `cmd c`/);
  });
});
