// Appends a benchmark's figures to bench/RESULTS.md with date, machine and the command.
const { appendFileSync, existsSync, writeFileSync } = require('fs');
const os = require('os');
const path = require('path');

function record(title, command, lines) {
  const file = path.join(__dirname, 'RESULTS.md');
  if (!existsSync(file)) writeFileSync(file, '# Benchmark results\n\nEach script appends its latest figures here when run with `--record`.\n');
  const machine = `${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  appendFileSync(file, `\n## ${title}: ${new Date().toISOString().slice(0, 10)}\n\nMachine: ${machine}. Command: \`${command}\`\n\n${lines.map((l) => `- ${l}`).join('\n')}\n`);
}

module.exports = { record };
