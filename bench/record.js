// Records a benchmark's latest figures in bench/RESULTS.md with date, machine and the command.
// One section per title: a new run replaces the previous section of the same title in place
// (a new title is appended), so the page always shows each benchmark's latest figures.
const { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('fs');
const os = require('os');
const path = require('path');

const HEADER = '# Benchmark results\n\nThe latest figures of each benchmark, one section per script (or per variant of a script). Each script replaces its section when run with `--record` (bench/record.js).\n';

function machine() {
  return `${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

/** `## <title>: <date>` sections of a RESULTS.md text: { head, sections: [{ title, text }] }. */
function parse(text) {
  const parts = text.split(/^(?=## )/m);
  const head = parts[0].startsWith('## ') ? '' : parts.shift();
  const sections = parts.map((p) => {
    const heading = p.slice(3, p.indexOf('\n') === -1 ? p.length : p.indexOf('\n'));
    // The date is the last ": " part of the heading; the title may itself contain ": ".
    const m = /^(.*): \d{4}-\d{2}-\d{2}\s*$/.exec(heading);
    return { title: (m ? m[1] : heading).trim(), text: p.replace(/\s+$/, '') + '\n' };
  });
  return { head, sections };
}

/** The text with `section` in place of the last one of the same title (others of it dropped), or appended. */
function upsert(text, title, section) {
  const { head, sections } = parse(text);
  const kept = [];
  let placed = false;
  for (const s of sections) {
    if (s.title !== title) kept.push(s.text);
    else if (!placed) {
      kept.push(section);
      placed = true;
    }
  }
  if (!placed) kept.push(section);
  return `${(head || HEADER).replace(/\s+$/, '')}\n\n${kept.map((s) => s.replace(/\s+$/, '')).join('\n\n')}\n`;
}

/** A crude cross-process lock (several benchmarks may finish at once): O_EXCL lock file, stale after 30 s. */
function withLock(file, fn) {
  const lock = `${file}.lock`;
  const until = Date.now() + 30_000;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 30_000) rmSync(lock, { force: true });
      } catch {
        /* gone meanwhile */
      }
      if (Date.now() > until) throw new Error(`could not lock ${lock}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

function record(title, command, lines, file = path.join(__dirname, 'RESULTS.md')) {
  const section = `## ${title}: ${new Date().toISOString().slice(0, 10)}\n\nMachine: ${machine()}. Command: \`${command}\`\n\n${lines.map((l) => `- ${l}`).join('\n')}\n`;
  withLock(file, () => {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : HEADER;
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, upsert(text, title, section));
    renameSync(tmp, file);
  });
}

module.exports = { record, upsert, parse };
