/**
 * The validated-profile store (src/cli/validated-profiles.ts): a profile file validated by an earlier run of the same
 * build is taken from validated-profiles.json in the user's cache directory instead of being parsed again. What it
 * gives back must be exactly what the full parse gives, and only for the same text, file name, flags and range mode.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_VALIDATED_PROFILES, VALIDATED_PROFILES_FILE, recallValidatedProfile, rememberValidatedProfile, type ProfileParseKey, type StoreLocation, userCacheDir } from '../../src/cli/validated-profiles.js';
import { parseProfile, parseProfileWithRanges } from '../../src/profile/load.js';
import type { ProfileOverrides } from '../../src/profile/resolve.js';
import { ROOT, tmpDir } from '../helpers/cli.js';
import { RANGED_PROFILE as RANGED } from '../helpers/model.js';


/** An empty cache directory, for entries of build `buildId`. */
const freshStore = (buildId = 'b1'): StoreLocation => ({ dir: mkdtempSync(join(tmpDir(), 'cache-')), buildId });

/** What loadProfileAndCatalogue's full path gives for the key. */
const fullParse = (k: ProfileParseKey) => (k.withRanges ? parseProfileWithRanges(k.text, k.file, k.overrides) : { profile: parseProfile(k.text, k.file, k.overrides), ranges: [] });

const bundled = ['ai-service', 'chatpop', 'cupid', 'default', 'pardon-simulator', 'video-pipeline'].map((name) => ({ file: `profiles/${name}.yaml`, text: readFileSync(join(ROOT, 'profiles', `${name}.yaml`), 'utf8') }));
const flagSets: ProfileOverrides[] = [{}, { users: 2000 }, { users: 20_000, concurrentUsers: 3000 }, { region: 'us-east-1' }, { model: 'gpt-4.1' }];

describe('a validated profile read back', () => {
  it('is exactly the full parse, for every built-in profile and a ranged one, under each set of flags', () => {
    const build = freshStore();
    const keys: ProfileParseKey[] = [];
    for (const overrides of flagSets) {
      for (const { file, text } of bundled) keys.push({ text, file, overrides, withRanges: false });
      keys.push({ text: RANGED, file: 'ranged.yaml', overrides, withRanges: true });
    }
    for (const key of keys) {
      const parsed = fullParse(key);
      rememberValidatedProfile(build, key, parsed);
      // toStrictEqual: a key present with the value undefined, or a -0, would differ here.
      expect(recallValidatedProfile(build, key), `${key.file} ${JSON.stringify(key.overrides)}`).toStrictEqual(parsed);
    }
    const ranged = recallValidatedProfile(build, { text: RANGED, file: 'ranged.yaml', overrides: { model: 'gpt-4.1' }, withRanges: true });
    expect(ranged?.ranges.map((r) => r.path.join('.'))).toEqual(['traffic.peakConcurrentRatio', 'conversation.threadBytes', 'llm.tokensPerReply']);
  });

  it('is only for the same text, file name, flags and range mode', () => {
    const build = freshStore();
    const key: ProfileParseKey = { text: RANGED, file: 'ranged.yaml', overrides: { users: 2000 }, withRanges: true };
    rememberValidatedProfile(build, key, fullParse(key));
    expect(recallValidatedProfile(build, { ...key, overrides: { users: 2000 } })).toBeDefined();
    const others: ProfileParseKey[] = [
      { ...key, text: `${RANGED}# edited\n` },
      { ...key, file: 'other.yaml' },
      { ...key, overrides: {} },
      { ...key, overrides: { users: 2001 } },
      { ...key, overrides: { users: 2000, concurrentUsers: 100 } },
      { ...key, overrides: { users: 2000, region: 'us-east-1' } },
      { ...key, overrides: { users: 2000, model: 'gpt-4.1' } },
      { ...key, withRanges: false },
    ];
    for (const other of others) expect(recallValidatedProfile(build, other), JSON.stringify({ ...other, text: other.text.length })).toBeUndefined();
  });
});

describe('the file', () => {
  const key = (n: number): ProfileParseKey => ({ text: `name: p${n}\n`, file: `p${n}.yaml`, overrides: {}, withRanges: false });
  const names = (build: StoreLocation) => (JSON.parse(readFileSync(join(build.dir, VALIDATED_PROFILES_FILE), 'utf8')) as { entries: { file: string }[] }).entries.map((e) => e.file);

  it(`keeps the ${MAX_VALIDATED_PROFILES} most recently validated profiles, the latest first, each once`, () => {
    const build = freshStore();
    const count = MAX_VALIDATED_PROFILES + 3;
    for (let n = 0; n < count; n++) rememberValidatedProfile(build, key(n), fullParse(key(n)));
    rememberValidatedProfile(build, key(5), fullParse(key(5)));
    const newestFirst = [5, ...Array.from({ length: count }, (_, k) => count - 1 - k).filter((n) => n !== 5)];
    expect(names(build)).toEqual(newestFirst.slice(0, MAX_VALIDATED_PROFILES).map((n) => `p${n}.yaml`));
    expect(recallValidatedProfile(build, key(newestFirst[MAX_VALIDATED_PROFILES]!))).toBeUndefined();
    expect(recallValidatedProfile(build, key(newestFirst[MAX_VALIDATED_PROFILES - 1]!))?.profile.name).toBe(`p${newestFirst[MAX_VALIDATED_PROFILES - 1]}`);
  });

  it('holds the entries of every build, and each build recalls only its own', () => {
    const b0 = freshStore('b0');
    const b1 = { dir: b0.dir, buildId: 'b1' };
    rememberValidatedProfile(b0, key(1), { ...fullParse(key(1)), profile: { ...fullParse(key(1)).profile, name: 'from-b0' } });
    expect(recallValidatedProfile(b1, key(1))).toBeUndefined();
    rememberValidatedProfile(b1, key(1), fullParse(key(1)));
    expect(recallValidatedProfile(b1, key(1))?.profile.name).toBe('p1');
    expect(recallValidatedProfile(b0, key(1))?.profile.name).toBe('from-b0');
    expect(names(b0)).toEqual(['p1.yaml', 'p1.yaml']);
  });

  it('not JSON, or not in the expected form, recalls nothing, and is replaced by the next profile kept', () => {
    const entry = { buildId: 'b1', text: 'name: p1\n', file: 'p1.yaml', overrides: {}, withRanges: false, ranges: [] };
    for (const content of ['{"entries": [{"buildId": "b1", "te', JSON.stringify({ entries: {} }), JSON.stringify({ entries: [{ ...entry, profile: undefined }] }), JSON.stringify({ entries: [{ ...entry, buildId: undefined, profile: { name: 'p1' } }] })]) {
      const build = freshStore('b1');
      writeFileSync(join(build.dir, VALIDATED_PROFILES_FILE), content);
      expect(recallValidatedProfile(build, key(1)), content).toBeUndefined();
      rememberValidatedProfile(build, key(1), fullParse(key(1)));
      expect(recallValidatedProfile(build, key(1))?.profile.name, content).toBe('p1');
      expect(names(build)).toEqual(['p1.yaml']);
    }
  });

  it('that another user could have written is not read: writable by group or others, or owned by someone else', () => {
    const build = freshStore();
    rememberValidatedProfile(build, key(1), fullParse(key(1)));
    const file = join(build.dir, VALIDATED_PROFILES_FILE);
    expect(recallValidatedProfile(build, key(1))).toBeDefined();
    chmodSync(file, 0o620);
    expect(recallValidatedProfile(build, key(1))).toBeUndefined();
    chmodSync(file, 0o602);
    expect(recallValidatedProfile(build, key(1))).toBeUndefined();
    chmodSync(file, 0o644);
    expect(recallValidatedProfile(build, key(1))).toBeDefined();
    // Giving the file to another user takes root (as CI runs); elsewhere this part cannot be checked.
    if (process.getuid?.() === 0) {
      chownSync(file, 4242, 4242);
      expect(recallValidatedProfile(build, key(1))).toBeUndefined();
    }
  });

  it('that is a FIFO is not waited on', () => {
    const build = freshStore();
    const made = spawnSync('mkfifo', [join(build.dir, VALIDATED_PROFILES_FILE)]);
    expect(made.status, String(made.stderr)).toBe(0);
    expect(recallValidatedProfile(build, key(1))).toBeUndefined(); // would block here if it opened the FIFO to read
  });

  it('does not keep a value that JSON would not give back exactly (NaN, -0, a key set to undefined)', () => {
    const build = freshStore();
    const parsed = fullParse(key(1));
    const odd = [{ ...parsed.profile, users: Number.NaN }, { ...parsed.profile, users: -0 }, { ...parsed.profile, region: undefined }];
    for (const profile of odd) {
      rememberValidatedProfile(build, key(1), { profile: profile as typeof parsed.profile, ranges: [] });
      expect(recallValidatedProfile(build, key(1))).toBeUndefined();
    }
  });

  it('that cannot be written is no error: later runs take the full path', () => {
    const build = freshStore();
    mkdirSync(join(build.dir, VALIDATED_PROFILES_FILE)); // a directory where the file should be
    expect(() => rememberValidatedProfile(build, key(1), fullParse(key(1)))).not.toThrow();
    expect(recallValidatedProfile(build, key(1))).toBeUndefined();
  });

  it('is readable by its owner only, in a directory made for it', () => {
    const build = { dir: join(freshStore().dir, 'capacity'), buildId: 'b1' };
    rememberValidatedProfile(build, key(1), fullParse(key(1)));
    expect(recallValidatedProfile(build, key(1))?.profile.name).toBe('p1');
    expect(statSync(build.dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(build.dir, VALIDATED_PROFILES_FILE)).mode & 0o777).toBe(0o600);
  });
});

describe('the cache directory', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('is CAPACITY_CACHE_DIR when set, made absolute', async () => {
    vi.stubEnv('CAPACITY_CACHE_DIR', '/srv/ci/capacity-cache');
    vi.stubEnv('XDG_CACHE_HOME', '/x');
    expect(await userCacheDir()).toBe(resolve('/srv/ci/capacity-cache'));
    vi.stubEnv('CAPACITY_CACHE_DIR', 'rel/cache');
    expect(await userCacheDir()).toBe(join(process.cwd(), 'rel', 'cache'));
  });

  // The XDG Base Directory specification, on Linux (where CI runs).
  it.runIf(process.platform === 'linux')('is $XDG_CACHE_HOME/capacity, else ~/.cache/capacity, on Linux', async () => {
    vi.stubEnv('CAPACITY_CACHE_DIR', undefined);
    vi.stubEnv('XDG_CACHE_HOME', '/home/someone/.xdg-cache');
    expect(await userCacheDir()).toBe('/home/someone/.xdg-cache/capacity');
    vi.stubEnv('XDG_CACHE_HOME', undefined);
    expect(await userCacheDir()).toBe(join(homedir(), '.cache', 'capacity'));
  });
});
