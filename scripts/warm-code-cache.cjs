// Writes the V8 code caches bin/capacity.cjs reads, dist/capacity-<build-id>-<kind>.v8cache, one per kind of run that
// the build warms: each kind's commands run in one fresh process, so its cache holds the code they need and nothing
// else (bin/capacity.cjs names the kind of each run and writes the cache of a kind not warmed here on its first run).
// The bundle is compiled exactly as bin/capacity.cjs compiles it, or V8 would reject the cache.
// Usage: node scripts/warm-code-cache.cjs (by scripts/build.mjs, with stdout ignored); with a kind, warms that one.
'use strict';
const { execFileSync } = require('node:child_process');
const { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { Script } = require('node:vm');

const dist = join(__dirname, '..', 'dist');
const bundle = join(dist, 'capacity.cjs');
const buildId = readFileSync(join(dist, 'build-id'), 'utf8').trim();

// A profile with ranges: an uncertain plan reads it with the YAML parser and the profile schema. Without its ranges,
// the same file is a profile that a plan reads and draws as tables.
const RANGED = 'name: warm-up\ntraffic:\n  peakConcurrentRatio: {low: 0.05, mid: 0.1, high: 0.2}\nconversation:\n  threadBytes: {low: 50KB, mid: 100KB, high: 200KB}\n';
const SCALAR = 'name: warm-up\ntraffic:\n  peakConcurrentRatio: 0.1\nconversation:\n  threadBytes: 100KB\n';

// Each kind's runs; `ranged` and `scalar` stand for the two profile files.
const KINDS = {
  plan: [['plan', '--users', '500']],
  'plan-profile': [
    ['plan', '--profile', 'ranged', '--users', '2000', '--samples', '200', '--format', 'json'],
    ['plan', '--profile', 'scalar', '--users', '2000'],
  ],
  sweep: [['sweep', '--users', '50..20000', '--points', '50', '--format', 'json']],
};

async function warm(kind) {
  const runs = KINDS[kind];
  if (!runs) throw new Error(`no such kind of run: ${kind} (one of ${Object.keys(KINDS).join(', ')})`);
  const script = new Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle });
  const bundled = { exports: {} };
  script.runInThisContext().call(bundled.exports, bundled.exports, Module.createRequire(bundle), bundled, bundle, dist);
  const dir = mkdtempSync(join(tmpdir(), 'capacity-warm-'));
  // The runs keep their profiles as validated (src/cli/validated-profiles.ts): in this temporary directory, not the
  // user's cache.
  process.env.CAPACITY_CACHE_DIR = join(dir, 'cache');
  const files = { ranged: join(dir, 'ranged.yaml'), scalar: join(dir, 'scalar.yaml') };
  writeFileSync(files.ranged, RANGED);
  writeFileSync(files.scalar, SCALAR);
  try {
    for (const argv of runs) {
      const args = argv.map((arg) => (Object.hasOwn(files, arg) ? files[arg] : arg));
      const code = await bundled.exports.main(args);
      if (code !== 0) throw new Error(`capacity ${args.join(' ')} exited ${code}`);
    }
    const cacheFile = join(dist, `capacity-${buildId}-${kind}.v8cache`);
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, cacheFile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kind = process.argv[2];
if (kind === undefined) {
  // A process per kind: a cache holds every function its process compiled.
  for (const k of Object.keys(KINDS)) execFileSync(process.execPath, [__filename, k], { stdio: ['ignore', 'ignore', 'inherit'] });
} else {
  warm(kind).catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
