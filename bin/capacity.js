#!/usr/bin/env node
// Starts the CLI from the bundle that `npm run build` writes to dist/. The bundle is compiled with a V8 code cache
// kept beside it (named after the bundle's content), which saves most of the start-up compile time of each run;
// when the cache is missing or V8 rejects it, the run writes a fresh one. Everything else lives in src/.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const bundle = join(dist, 'capacity.cjs');

function readOptional(file, encoding) {
  try {
    return readFileSync(file, encoding);
  } catch {
    return undefined;
  }
}

const source = readFileSync(bundle, 'utf8');
const buildId = readOptional(join(dist, 'build-id'), 'utf8')?.trim();
const cacheFile = buildId ? join(dist, `capacity-${buildId}.v8cache`) : undefined;
const cachedData = cacheFile ? readOptional(cacheFile) : undefined;
const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
const module = { exports: {} };
script.runInThisContext().call(module.exports, module.exports, createRequire(bundle), module, bundle, dist);

process.exitCode = await module.exports.main(process.argv.slice(2));

if (cacheFile && (!cachedData || script.cachedDataRejected)) {
  // Best effort: a read-only install simply runs without a cache.
  try {
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, cacheFile);
  } catch {}
}
