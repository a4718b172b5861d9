/**
 * The build writes a V8 code cache per kind of run (scripts/warm-code-cache.cjs): a plan of the built-in profile, a
 * plan of a profile file, a sweep. bin/capacity.cjs picks the cache by the kind of run and rewrites it whenever V8
 * rejects it (or writes it when missing), so a cache that is still byte for byte the build's after each command ran,
 * with no other cache written for that command, is one V8 accepted.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, tmpFile } from '../helpers/cli.js';

const dist = join(ROOT, 'dist');
const buildId = () => readFileSync(join(dist, 'build-id'), 'utf8').trim();
const cacheName = (kind: string) => `capacity-${buildId()}-${kind}.v8cache`;
const WARMED = ['plan', 'plan-profile', 'sweep'];

describe('the code caches written by the build', () => {
  it('are named after the build and the kind of run', () => {
    const caches = readdirSync(dist).filter((f) => f.endsWith('.v8cache'));
    // Other test files' runs may add caches for other kinds (check, gate, …); these three come from the build.
    for (const kind of WARMED) expect(caches).toContain(cacheName(kind));
    for (const name of caches) expect(name).toMatch(new RegExp(`^capacity-${buildId()}-[a-z]+(-profile)?\\.v8cache$`));
  });

  it('are kept per command the CLI has; any other first argument shares the "cli" cache', () => {
    const listed = /const COMMANDS = new Set\(\[([^\]]*)\]\)/.exec(readFileSync(BIN, 'utf8'))?.[1];
    const binCommands = [...(listed ?? '').matchAll(/'([a-z]+)'/g)].map((m) => m[1]).sort();
    const bundle = createRequire(import.meta.url)(join(dist, 'capacity.cjs')) as { buildProgram: () => { commands: { name: () => string }[] } };
    expect(binCommands).toEqual(bundle.buildProgram().commands.map((c) => c.name()).sort());
    const before = readdirSync(dist).filter((f) => f.endsWith('.v8cache')).sort();
    expect(runCli(['plna', '--users', '5']).status).toBe(2);
    const added = readdirSync(dist).filter((f) => f.endsWith('.v8cache') && !before.includes(f));
    expect(added.every((f) => f === cacheName('cli'))).toBe(true);
  });

  it('give a kind of run the build did not warm the plan\'s cache until its first run writes its own', () => {
    const plan = readFileSync(join(dist, cacheName('plan')));
    rmSync(join(dist, cacheName('schema')), { force: true });
    const r = runCli(['schema']);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(dist, cacheName('schema')))).toBe(true);
    expect(readFileSync(join(dist, cacheName('plan'))).equals(plan)).toBe(true);
  });

  it('are each accepted by the binary for their kind of run (the binary would rewrite a rejected one)', () => {
    const ranged = tmpFile('cache-ranged.yaml', 'conversation:\n  threadBytes: {low: 50KB, mid: 100KB, high: 200KB}\n');
    const scalar = tmpFile('cache-scalar.yaml', 'conversation:\n  threadBytes: 100KB\n');
    const runs: [string, string[]][] = [
      ['plan', ['plan', '--users', '500']],
      ['plan', ['plan', '--users', '500', '--format', 'json']],
      ['sweep', ['sweep', '--users', '50..2000', '--points', '10', '--format', 'json']],
      ['plan-profile', ['plan', '--profile', ranged, '--users', '500', '--samples', '50', '--format', 'json']],
      ['plan-profile', ['plan', '-p', scalar, '--users', '500']],
    ];
    for (const [kind, args] of runs) {
      const before = readFileSync(join(dist, cacheName(kind)));
      const cachesBefore = readdirSync(dist).filter((f) => f.endsWith('.v8cache')).sort();
      const r = runCli(args);
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(join(dist, cacheName(kind))).equals(before), args.join(' ')).toBe(true);
      expect(readdirSync(dist).filter((f) => f.endsWith('.v8cache')).sort(), args.join(' ')).toEqual(cachesBefore);
    }
  });
});

describe('the bundle', () => {
  it('keeps its exports after a run that parses units (a dependency once replaced them)', async () => {
    const require = createRequire(import.meta.url);
    const path = join(dist, 'capacity.cjs');
    const bundle = require(path) as { main: (argv: string[]) => Promise<number> };
    const out = join(tmpFile('unused', ''), '..', 'plan.json');
    const profile = tmpFile('units.yaml', 'conversation:\n  threadBytes: 150KB\n');
    expect(await bundle.main(['plan', '--profile', profile, '--format', 'json', '--out', out])).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).profile.conversation.threadBytes).toBe(150_000);
    expect(typeof (require.cache[path]?.exports as { main?: unknown }).main).toBe('function');
  });
});
