#!/usr/bin/env node
// The npm registry mirror reachable here lacks the other platforms' binary packages
// (e.g. @swc/core-darwin-arm64), so `npm install` leaves them out of package-lock.json, and
// `npm ci` then refuses the lock ("Missing: … from lock file"). This adds the entries npm
// would have written with the full registry: optional, with os/cpu, never installed here.
// Run after any `npm install`: node scripts/dev/fix-lock-optional.js
const { readFileSync, writeFileSync } = require('fs');
const path = require('path');

const file = path.join(__dirname, '..', '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8'));
const pkgs = lock.packages;
const OS = ['darwin', 'win32', 'linux', 'android', 'freebsd', 'openharmony', 'openbsd', 'netbsd', 'sunos', 'aix'];
const CPU = ['arm64', 'x64', 'ia32', 'ppc64', 's390x', 'riscv64', 'loong64', 'arm', 'mips64el'];

let added = 0;
for (const [where, meta] of Object.entries(pkgs)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const nested = `${where ? where + '/' : ''}node_modules/${name}`;
    const top = `node_modules/${name}`;
    if (pkgs[nested] || pkgs[top]) continue;
    const parts = name.split(/[/-]/);
    const os = OS.find((o) => parts.includes(o));
    const cpu = CPU.find((c) => parts.includes(c)) ?? (parts.includes('armv7') || parts.includes('gnueabihf') ? 'arm' : undefined);
    if (!os) continue;
    pkgs[top] = {
      version: String(version).replace(/^[\^~=]/, ''),
      ...(meta.dev ? { dev: true } : {}),
      optional: true,
      os: [os],
      ...(cpu ? { cpu: [cpu] } : {}),
      ...(parts.includes('musl') || parts.includes('musleabihf') ? { libc: ['musl'] } : parts.includes('gnu') || parts.includes('gnueabihf') ? { libc: ['glibc'] } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} platform entries`);
