/**
 * The build writes a V8 code cache for the bundle after a plan, a sweep and an uncertain plan
 * (scripts/warm-code-cache.cjs). bin/capacity.cjs rewrites the cache whenever V8 rejects it, so a cache that is still
 * byte for byte the build's after each command ran is one V8 accepted.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tmpFile } from '../helpers/cli.js';

const dist = join(ROOT, 'dist');
const cacheFile = () => join(dist, `capacity-${readFileSync(join(dist, 'build-id'), 'utf8').trim()}.v8cache`);

describe('the code cache written by the build', () => {
  it('is the only cache in dist/, named after the build', () => {
    expect(readdirSync(dist).filter((f) => f.endsWith('.v8cache'))).toEqual([cacheFile().slice(dist.length + 1)]);
  });

  it('is accepted by the binary for a plan, a sweep and an uncertain plan (the binary would rewrite a rejected one)', () => {
    const before = readFileSync(cacheFile());
    const ranged = tmpFile('cache-ranged.yaml', 'conversation:\n  threadBytes: {low: 50KB, mid: 100KB, high: 200KB}\n');
    for (const args of [['plan', '--users', '500'], ['sweep', '--users', '50..2000', '--points', '10', '--format', 'json'], ['plan', '--profile', ranged, '--users', '500', '--samples', '50', '--format', 'json']]) {
      const r = runCli(args);
      expect(r.status, r.stderr).toBe(0);
    }
    expect(readFileSync(cacheFile()).equals(before)).toBe(true);
  });
});
