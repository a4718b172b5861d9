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

// The commands (src/cli/main.ts); anything else (--help, a typo) shares one cache, so no argument names a file.
const COMMANDS = new Set(['plan', 'profile', 'schema', 'pricing', 'check', 'gate', 'sweep']);

/**
 * One cache per command, and for a command given a profile file another: a plan of the built-in profile runs half the
 * code a plan of a profile file runs (YAML, the schemas, sampling), and code in the cache that a run never calls still
 * costs it the time to read and deserialize. scripts/warm-code-cache.cjs writes the plan, plan-profile and sweep caches;
 * any other kind starts from the plan's and writes its own after its first run.
 */
function cacheKind(argv) {
  const command = COMMANDS.has(argv[0]) ? argv[0] : 'cli';
  const readsProfile = argv.some((arg) => arg === '-p' || arg === '--profile' || arg.startsWith('--profile='));
  return readsProfile ? `${command}-profile` : command;
}

const source = readFileSync(bundle, 'utf8');
const buildId = readOptional(join(dist, 'build-id'), 'utf8')?.trim();
const cacheOf = (kind) => join(dist, `capacity-${buildId}-${kind}.v8cache`);
const cacheFile = buildId ? cacheOf(cacheKind(process.argv.slice(2))) : undefined;
const ownCache = cacheFile ? readOptional(cacheFile) : undefined;
// A kind of run the build did not warm starts from the plan's cache (the model's code) until it has its own.
const cachedData = ownCache ?? (buildId ? readOptional(cacheOf('plan')) : undefined);
const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
const bundled = { exports: {} };
script.runInThisContext().call(bundled.exports, bundled.exports, Module.createRequire(bundle), bundled, bundle, dist);

bundled.exports.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  if (cacheFile && (!ownCache || script.cachedDataRejected)) {
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
