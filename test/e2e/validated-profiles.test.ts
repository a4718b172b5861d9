/**
 * A profile file validated by one run is taken from validated-profiles.json in the user's cache directory by later
 * runs of the same build, which skip the YAML parser and the schemas. These tests run a private copy of the package
 * with a cache directory of their own, and hold the shortcut to the full path: the same output, used only for the same
 * text and flags of the same build, and never for a profile that fails.
 */
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { VALIDATED_PROFILES_FILE } from '../../src/cli/validated-profiles.js';
import { ROOT, runCli, tmpDir, tmpFile } from '../helpers/cli.js';
import { privateInstall } from '../helpers/install.js';

const RANGED = 'name: ranged\ntraffic:\n  peakConcurrentRatio: {low: 0.05, mid: 0.1, high: 0.2}\nconversation:\n  threadBytes: {low: 50KB, mid: 100KB, high: 200KB}\n';

interface Stored {
  entries: { buildId: string; text: string; file: string; overrides: Record<string, unknown>; withRanges: boolean; profile: { name: string } }[];
}

let install: string;
let cache: string;
const store = () => join(cache, VALIDATED_PROFILES_FILE);
const stored = () => JSON.parse(readFileSync(store(), 'utf8')) as Stored;
const run = (args: string[]) => runCli(args, { bin: join(install, 'bin', 'capacity.cjs'), env: { CAPACITY_CACHE_DIR: cache } });
const ok = (args: string[]) => {
  const r = run(args);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
};
/**
 * Renames the profile in every stored entry (and gives each another build id, if one is given): a run that shows the
 * new name took the profile from the store.
 */
const renameStored = (name: string, buildId?: string) => {
  const s = stored();
  for (const e of s.entries) {
    e.profile.name = name;
    e.buildId = buildId ?? e.buildId;
  }
  writeFileSync(store(), JSON.stringify(s));
};

beforeEach(() => {
  install = privateInstall();
  cache = join(mkdtempSync(join(tmpDir(), 'home-')), 'cache');
});

describe('a profile file validated once', () => {
  it('is kept with its text and flags, and later runs give the same output from it, byte for byte', () => {
    const ranged = tmpFile('ranged.yaml', RANGED);
    const scalar = tmpFile('scalar.yaml', 'conversation:\n  threadBytes: 100KB\n');
    const runs = [
      ['plan', '--profile', ranged, '--users', '2000', '--samples', '300', '--format', 'json'],
      ['plan', '--profile', ranged, '--users', '2000', '--samples', '300'],
      ['plan', '--profile', scalar, '--users', '900'],
      ['sweep', '--profile', scalar, '--users', '50..5000', '--points', '12'],
    ];
    const first = runs.map(ok);
    // The latest first; a profile with no range is read as one (withRanges false) by every command.
    expect(stored().entries.map((e) => [e.file, e.overrides, e.withRanges])).toEqual([
      [scalar, {}, false],
      [scalar, { users: 900 }, false],
      [ranged, { users: 2000 }, true],
    ]);
    expect(runs.map(ok)).toEqual(first);
  });

  it('is taken from the store by the next run of the same text and flags (a changed value shows through)', () => {
    const ranged = tmpFile('ranged.yaml', RANGED);
    const args = ['plan', '--profile', ranged, '--users', '2000', '--samples', '100', '--format', 'json'];
    expect(JSON.parse(ok(args)).profile).toBe('ranged');
    renameStored('from-the-store');
    expect(JSON.parse(ok(args)).profile).toBe('from-the-store');
  });

  it('is parsed again when the text or a flag changes, or the store is another build\'s', () => {
    const ranged = tmpFile('ranged.yaml', RANGED);
    const args = ['plan', '--profile', ranged, '--users', '2000', '--samples', '100', '--format', 'json'];
    ok(args);
    renameStored('from-the-store');
    expect(JSON.parse(ok(['plan', '--profile', ranged, '--users', '2001', '--samples', '100', '--format', 'json'])).profile).toBe('ranged');
    writeFileSync(ranged, `${RANGED}# edited\n`);
    expect(JSON.parse(ok(args)).profile).toBe('ranged');
    renameStored('from-another-build', '0000000000000000');
    writeFileSync(ranged, RANGED);
    expect(JSON.parse(ok(args)).profile).toBe('ranged');
    // The parse is kept for this build, beside the other build's entries.
    const thisBuild = readFileSync(join(install, 'dist', 'build-id'), 'utf8').trim();
    expect(stored().entries.map((e) => [e.buildId === thisBuild, e.profile.name])).toEqual([
      [true, 'ranged'],
      [false, 'from-another-build'],
      [false, 'from-another-build'],
      [false, 'from-another-build'],
    ]);
  });

  it('is checked against the catalogue on every run: a stored model the catalogue does not know sends the run to the full parse', () => {
    const profile = tmpFile('model.yaml', 'name: model\nllm:\n  provider: openai\n  model: gpt-4.1-mini\n');
    ok(['plan', '--profile', profile]);
    const s = stored();
    (s.entries[0]!.profile as unknown as { llm: { model: string } }).llm.model = 'no-such-model';
    writeFileSync(store(), JSON.stringify(s));
    const r = run(['plan', '--profile', profile]);
    expect(r.status, r.stderr).toBe(0); // parsed again: the model in the file is a known one
    expect(r.stdout).toContain('gpt-4.1-mini');
  });
});

describe('a profile that fails validation', () => {
  it('against another pricing snapshot fails on its line, though the store holds it as valid', () => {
    const profile = tmpFile('model.yaml', 'name: model\nllm:\n  provider: openai\n  model: gpt-4.1-mini\n');
    ok(['plan', '--profile', profile]);
    expect(stored().entries[0]!.text).toBe(readFileSync(profile, 'utf8'));
    // The same snapshots, less the model the profile names.
    const pricing = mkdtempSync(join(tmpDir(), 'pricing-'));
    for (const name of readdirSync(join(ROOT, 'pricing-snapshots'))) {
      const snapshot = JSON.parse(readFileSync(join(ROOT, 'pricing-snapshots', name), 'utf8')) as { models?: Record<string, unknown> };
      delete snapshot.models?.['gpt-4.1-mini'];
      writeFileSync(join(pricing, name), JSON.stringify(snapshot));
    }
    const r = run(['plan', '--profile', profile, '--pricing-dir', pricing]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^\s+4:\d+: llm\.model: unknown model "gpt-4\.1-mini"/m);
  });

  it('is never kept: each run gives exit 2 with the field and its line', () => {
    const bad = tmpFile('bad.yaml', 'name: bad\ntraffic:\n  peakConcurrentRatio: {low: 0.2, mid: 0.1, high: 0.3}\n');
    for (let k = 0; k < 2; k++) {
      const r = run(['plan', '--profile', bad, '--samples', '50']);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^\s+3:\d+: traffic\.peakConcurrentRatio: a range needs low ≤ mid ≤ high/m);
    }
    let texts: string[] = [];
    try {
      texts = stored().entries.map((e) => e.text);
    } catch {
      // no store at all: nothing was kept
    }
    expect(texts).not.toContain(readFileSync(bad, 'utf8'));
  });
});

describe('the store', () => {
  // The XDG Base Directory specification, on Linux (where CI runs).
  it.runIf(process.platform === 'linux')('lives in $XDG_CACHE_HOME/capacity without CAPACITY_CACHE_DIR, readable by its owner only, and nothing is written to dist/', () => {
    const xdg = mkdtempSync(join(tmpDir(), 'xdg-'));
    const ranged = tmpFile('ranged.yaml', RANGED);
    const distBefore = readdirSync(join(install, 'dist')).sort();
    const r = runCli(['plan', '--profile', ranged, '--samples', '50', '--format', 'json'], { bin: join(install, 'bin', 'capacity.cjs'), env: { CAPACITY_CACHE_DIR: undefined, XDG_CACHE_HOME: xdg } });
    expect(r.status, r.stderr).toBe(0);
    const file = join(xdg, 'capacity', VALIDATED_PROFILES_FILE);
    expect((JSON.parse(readFileSync(file, 'utf8')) as Stored).entries.map((e) => e.file)).toEqual([ranged]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(install, 'dist')).sort()).toEqual(distBefore);
  });
});
