/**
 * The validated-profile store (src/cli/validated-profiles.ts): a profile file validated by an earlier run of the same
 * build is taken from dist/validated-profiles.json instead of being parsed again. What it gives back must be exactly
 * what the full parse gives, and only for the same text, file name, flags and range mode.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_VALIDATED_PROFILES, VALIDATED_PROFILES_FILE, recallValidatedProfile, rememberValidatedProfile, type BuildDir, type ProfileParseKey } from '../../src/cli/validated-profiles.js';
import { parseProfile, parseProfileWithRanges } from '../../src/profile/load.js';
import type { ProfileOverrides } from '../../src/profile/resolve.js';
import { ROOT, tmpDir } from '../helpers/cli.js';
import { RANGED_PROFILE as RANGED } from '../helpers/model.js';


const freshBuild = (buildId = 'b1'): BuildDir => {
  const dir = mkdtempSync(join(tmpDir(), 'dist-'));
  writeFileSync(join(dir, 'build-id'), buildId);
  return { dir, buildId };
};

/** What loadProfileAndCatalogue's full path gives for the key. */
const fullParse = (k: ProfileParseKey) => (k.withRanges ? parseProfileWithRanges(k.text, k.file, k.overrides) : { profile: parseProfile(k.text, k.file, k.overrides), ranges: [] });

const bundled = ['ai-service', 'chatpop', 'cupid', 'default', 'pardon-simulator', 'video-pipeline'].map((name) => ({ file: `profiles/${name}.yaml`, text: readFileSync(join(ROOT, 'profiles', `${name}.yaml`), 'utf8') }));
const flagSets: ProfileOverrides[] = [{}, { users: 2000 }, { users: 20_000, concurrentUsers: 3000 }, { region: 'us-east-1' }, { model: 'gpt-4.1' }];

describe('a validated profile read back', () => {
  it('is exactly the full parse, for every built-in profile and a ranged one, under each set of flags', () => {
    const build = freshBuild();
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
    const build = freshBuild();
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
  const names = (build: BuildDir) => (JSON.parse(readFileSync(join(build.dir, VALIDATED_PROFILES_FILE), 'utf8')) as { entries: { file: string }[] }).entries.map((e) => e.file);

  it(`keeps the ${MAX_VALIDATED_PROFILES} most recently validated profiles, the latest first, each once`, () => {
    const build = freshBuild();
    for (let n = 0; n < MAX_VALIDATED_PROFILES + 3; n++) rememberValidatedProfile(build, key(n), fullParse(key(n)));
    rememberValidatedProfile(build, key(5), fullParse(key(5)));
    expect(names(build)).toEqual(['p5.yaml', 'p10.yaml', 'p9.yaml', 'p8.yaml', 'p7.yaml', 'p6.yaml', 'p4.yaml', 'p3.yaml']);
    expect(recallValidatedProfile(build, key(2))).toBeUndefined();
    expect(recallValidatedProfile(build, key(3))?.profile.name).toBe('p3');
  });

  it('of another build, not JSON, or not in the expected form, recalls nothing, and is replaced by the next profile kept', () => {
    const old = freshBuild('b0');
    rememberValidatedProfile(old, key(1), { ...fullParse(key(1)), profile: { ...fullParse(key(1)).profile, name: 'from-b0' } });
    rememberValidatedProfile(old, key(2), fullParse(key(2)));
    const otherBuild = readFileSync(join(old.dir, VALIDATED_PROFILES_FILE), 'utf8');
    for (const content of [otherBuild, '{"buildId": "b1", "entr', JSON.stringify({ buildId: 'b1', entries: {} }), JSON.stringify({ buildId: 'b1', entries: [{ text: 'name: p1\n' }] })]) {
      const build = freshBuild('b1');
      writeFileSync(join(build.dir, VALIDATED_PROFILES_FILE), content);
      expect(recallValidatedProfile(build, key(1)), content).toBeUndefined();
      rememberValidatedProfile(build, key(1), fullParse(key(1)));
      expect(recallValidatedProfile(build, key(1))?.profile.name, content).toBe('p1');
      expect(names(build)).toEqual(['p1.yaml']);
    }
  });

  it('keeps an entry written by another build out of this one: the same key recalls nothing', () => {
    const old = freshBuild('b0');
    rememberValidatedProfile(old, key(1), fullParse(key(1)));
    expect(recallValidatedProfile({ dir: old.dir, buildId: 'b1' }, key(1))).toBeUndefined();
  });

  it('does not keep a value that JSON would not give back exactly (NaN, -0, a key set to undefined)', () => {
    const build = freshBuild();
    const parsed = fullParse(key(1));
    const odd = [{ ...parsed.profile, users: Number.NaN }, { ...parsed.profile, users: -0 }, { ...parsed.profile, region: undefined }];
    for (const profile of odd) {
      rememberValidatedProfile(build, key(1), { profile: profile as typeof parsed.profile, ranges: [] });
      expect(recallValidatedProfile(build, key(1))).toBeUndefined();
    }
  });

  it('that cannot be written is no error: later runs take the full path', () => {
    const build = freshBuild();
    mkdirSync(join(build.dir, VALIDATED_PROFILES_FILE)); // a directory where the file should be
    expect(() => rememberValidatedProfile(build, key(1), fullParse(key(1)))).not.toThrow();
    expect(recallValidatedProfile(build, key(1))).toBeUndefined();
  });
});
