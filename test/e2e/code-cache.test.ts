/**
 * The build writes a V8 code cache per kind of run (scripts/warm-code-cache.cjs): a plan of the built-in profile, a
 * plan given --profile, a sweep. bin/capacity.cjs picks the cache by the kind of run and rewrites it whenever V8
 * rejects it (or writes it when missing), so a cache that is still byte for byte the build's after each command ran,
 * with no other cache written, is one V8 accepted. These tests run a private copy of bin/ and dist/, since other test
 * files' runs write caches of their own kinds into the shared dist/ at any moment.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tmpDir, tmpFile } from '../helpers/cli.js';
import { privateInstall } from '../helpers/install.js';

let install: string;
const dist = () => join(install, 'dist');
const bin = () => join(install, 'bin', 'capacity.cjs');
const buildId = () => readFileSync(join(dist(), 'build-id'), 'utf8').trim();
const cacheName = (kind: string) => `capacity-${buildId()}-${kind}.v8cache`;
const caches = () => readdirSync(dist()).filter((f) => f.endsWith('.v8cache')).sort();
const run = (args: string[]) => runCli(args, { bin: bin() });

beforeAll(() => {
  install = privateInstall();
});

describe('the code caches written by the build', () => {
  it('are the plan, plan-profile and sweep caches, named after the build', () => {
    expect(caches()).toEqual(['plan', 'plan-profile', 'sweep'].map(cacheName).sort());
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
      ['plan-profile', ['plan', `-p${scalar}`, '--users', '500']],
      ['plan-profile', ['plan', `--profile=${scalar}`, '--users', '500']],
    ];
    for (const [kind, args] of runs) {
      const before = readFileSync(join(dist(), cacheName(kind)));
      const cachesBefore = caches();
      const r = run(args);
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(join(dist(), cacheName(kind))).equals(before), args.join(' ')).toBe(true);
      expect(caches(), args.join(' ')).toEqual(cachesBefore);
    }
  });
});

describe('the kind of a run given a profile file', () => {
  it('is plan-profile however --profile is written: each spelling rewrites that cache when it is missing', () => {
    const scalar = tmpFile('kind-scalar.yaml', 'conversation:\n  threadBytes: 100KB\n');
    for (const spelling of [['--profile', scalar], [`--profile=${scalar}`], ['-p', scalar], [`-p${scalar}`]]) {
      rmSync(join(dist(), cacheName('plan-profile')));
      const plan = readFileSync(join(dist(), cacheName('plan')));
      expect(run(['plan', ...spelling, '--format', 'json']).status).toBe(0);
      expect(existsSync(join(dist(), cacheName('plan-profile'))), spelling.join(' ')).toBe(true);
      expect(readFileSync(join(dist(), cacheName('plan'))).equals(plan)).toBe(true);
    }
  });
});

describe('a kind of run the build did not warm', () => {
  it('gets a cache of its own from its first successful run, and leaves the warmed ones alone', () => {
    const warmed = ['plan', 'plan-profile', 'sweep'].map((kind) => readFileSync(join(dist(), cacheName(kind))));
    rmSync(join(dist(), cacheName('schema')), { force: true });
    expect(run(['schema']).status).toBe(0);
    expect(existsSync(join(dist(), cacheName('schema')))).toBe(true);
    ['plan', 'plan-profile', 'sweep'].forEach((kind, k) => expect(readFileSync(join(dist(), cacheName(kind))).equals(warmed[k]!)).toBe(true));
  });

  it('keeps no cache from help, the version or a failed run', () => {
    const before = caches();
    for (const args of [['check', '--help'], ['gate', '-h'], ['--version']]) {
      const r = run(args);
      expect(r.status, r.stderr).toBe(0);
      expect(caches(), args.join(' ')).toEqual(before);
    }
    const failed = run(['pricing', 'show', '--region', 'nowhere-1']);
    expect(failed.status).toBe(2);
    expect(caches()).toEqual(before);
  });

  it('names its cache after one of the CLI\'s commands; any other first argument shares the "cli" cache', () => {
    const listed = /const COMMANDS = new Set\(\[([^\]]*)\]\)/.exec(readFileSync(bin(), 'utf8'))?.[1];
    const binCommands = [...(listed ?? '').matchAll(/'([a-z]+)'/g)].map((m) => m[1]).sort();
    const bundle = createRequire(import.meta.url)(join(ROOT, 'dist', 'capacity.cjs')) as { buildProgram: () => { commands: { name: () => string }[] } };
    expect(binCommands).toEqual(bundle.buildProgram().commands.map((c) => c.name()).sort());
    // Such a run fails (a typo) or is help, so it keeps no cache: no file is ever named after the argument.
    const before = caches();
    expect(run(['plna', '--users', '5']).status).toBe(2);
    expect(caches()).toEqual(before);
  });
});

describe('the bundle', () => {
  it('keeps its exports after a run that parses units (a dependency once replaced them)', async () => {
    const require = createRequire(import.meta.url);
    const path = join(ROOT, 'dist', 'capacity.cjs');
    const bundle = require(path) as { main: (argv: string[]) => Promise<number> };
    const out = join(mkdtempSync(join(tmpDir(), 'out-')), 'plan.json');
    const profile = tmpFile('units.yaml', 'conversation:\n  threadBytes: 150KB\n');
    expect(await bundle.main(['plan', '--profile', profile, '--format', 'json', '--out', out])).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).profile.conversation.threadBytes).toBe(150_000);
    expect(typeof (require.cache[path]?.exports as { main?: unknown }).main).toBe('function');
  });
});
