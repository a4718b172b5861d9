#!/usr/bin/env node
// Starts the CLI from the bundle that `npm run build` writes to dist/. The bundle is compiled with a V8 code cache
// kept beside it (named after the bundle's content and the kind of run), which saves most of the start-up compile
// time of each run; when the cache is missing or V8 rejects it, the run writes a fresh one. Everything else lives in
// src/.
// CommonJS, because Node starts a CommonJS entry faster than an ES module one.
'use strict';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

const dist = join(__dirname, '..', 'dist');
const bundle = join(dist, 'capacity.cjs');

function readOptional(file, encoding) {
  try {
    return readFileSync(file, encoding);
  } catch {
    return undefined;
  }
}

// The commands (src/cli/main.ts). Any other first argument (--help, a typo) shares the `cli` cache, so a command-line
// argument never becomes part of a cache's file name.
const COMMANDS = new Set(['plan', 'profile', 'schema', 'pricing', 'check', 'gate', 'sweep']);

/**
 * The kinds of run whose caches this run reads, its own first: one cache per command, and per command given
 * --profile another, since a plan of the built-in profile runs about half the code a plan of a profile file runs
 * (YAML, the schemas, sampling) and code in a cache that a run never calls still costs it the time to read and
 * deserialize. scripts/warm-code-cache.cjs writes the plan, plan-profile and sweep caches. A kind without a cache of
 * its own starts from its command's cache or else the plan's (the model's code), and writes its own after its first
 * run: that one holds what it started from as well as its own code.
 */
function cacheKinds(argv) {
  const command = COMMANDS.has(argv[0]) ? argv[0] : 'cli';
  const readsProfile = argv.some((arg) => arg === '--profile' || arg.startsWith('--profile=') || arg.startsWith('-p'));
  const kinds = readsProfile ? [`${command}-profile`, command, 'plan'] : [command, 'plan'];
  return [...new Set(kinds)];
}

/** Help, the version and failed runs call little of the code their kind needs: their caches are not kept. */
const worthCaching = (argv, code) => code === 0 && !argv.some((arg) => ['-h', '--help', '-V', '--version'].includes(arg));

const argv = process.argv.slice(2);
const source = readFileSync(bundle, 'utf8');
const buildId = readOptional(join(dist, 'build-id'), 'utf8')?.trim();
const cacheOf = (kind) => join(dist, `capacity-${buildId}-${kind}.v8cache`);
const kinds = buildId ? cacheKinds(argv) : [];
const cacheFile = kinds.length > 0 ? cacheOf(kinds[0]) : undefined;
const ownCache = cacheFile ? readOptional(cacheFile) : undefined;
let cachedData = ownCache;
for (let k = 1; cachedData === undefined && k < kinds.length; k++) cachedData = readOptional(cacheOf(kinds[k]));
const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
const bundled = { exports: {} };
script.runInThisContext().call(bundled.exports, bundled.exports, Module.createRequire(bundle), bundled, bundle, dist);

bundled.exports.main(argv).then((code) => {
  process.exitCode = code;
  if (cacheFile && (!ownCache || script.cachedDataRejected) && worthCaching(argv, code)) {
    // Best effort: a read-only install simply runs without a cache of its own.
    try {
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    } catch {}
  }
  // The command is done. Waiting for the event loop to empty would also wait for compiler work on other threads that
  // no longer matters (tens of milliseconds after a long sweep). The output was written synchronously to the file
  // descriptors (src/cli/output.ts), so the process exits at once; on Windows it went through the streams, which
  // must flush first.
  if (process.platform !== 'win32') process.exit(code);
  let open = 2;
  const flushed = () => {
    if (--open === 0) process.exit(code);
  };
  process.stdout.write('', flushed);
  process.stderr.write('', flushed);
});
