// Writes dist/capacity-<build-id>.v8cache after running a plan, a sweep and an uncertain plan in one process, so the
// cache holds the code all three need (bin/capacity.cjs writes a cache of one command's code when none matches).
// The bundle is compiled exactly as bin/capacity.cjs compiles it, or V8 would reject the cache.
// Usage: node scripts/warm-code-cache.cjs (by scripts/build.mjs, with stdout ignored).
'use strict';
const { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { Script } = require('node:vm');

const dist = join(__dirname, '..', 'dist');
const bundle = join(dist, 'capacity.cjs');
const cacheFile = join(dist, `capacity-${readFileSync(join(dist, 'build-id'), 'utf8').trim()}.v8cache`);
const script = new Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle });
const bundled = { exports: {} };
script.runInThisContext().call(bundled.exports, bundled.exports, Module.createRequire(bundle), bundled, bundle, dist);

// A profile with ranges: an uncertain plan reads it with the YAML parser and the profile schema.
const dir = mkdtempSync(join(tmpdir(), 'capacity-warm-'));
const ranged = join(dir, 'ranged.yaml');
writeFileSync(ranged, 'name: warm-up\ntraffic:\n  peakConcurrentRatio: {low: 0.05, mid: 0.1, high: 0.2}\nconversation:\n  threadBytes: {low: 50KB, mid: 100KB, high: 200KB}\n');

const runs = [
  ['plan', '--users', '500'],
  ['sweep', '--users', '50..20000', '--points', '50', '--format', 'json'],
  ['plan', '--profile', ranged, '--users', '2000', '--samples', '200', '--format', 'json'],
];

(async () => {
  try {
    for (const argv of runs) {
      const code = await bundled.exports.main(argv);
      if (code !== 0) throw new Error(`capacity ${argv.join(' ')} exited ${code}`);
    }
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, cacheFile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
