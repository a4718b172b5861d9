/**
 * Profile files this build has validated in earlier runs, kept in the user's cache directory
 * (validated-profiles.json; see userCacheDir): a run whose profile text, file name, flags and range mode equal an
 * entry's takes the validated profile and its ranges from there, and skips the YAML parser and the schemas (building
 * the profile schema alone takes about 10 ms). It is the run-time counterpart of known-inputs.ts, which does the same
 * for the built-in profiles at build time: a team plans its own profile again and again while it edits and compares.
 * Only profiles that validated are kept, so every error still takes the full path and is placed on its line. The
 * entries belong to one build (its build id); when the file is missing, another build's, unreadable or cannot be
 * written, runs take the full path and nothing else changes. It holds the user's profile texts, so it lives with the
 * user (not in a shared install) and only they may read it. It is a cache: two runs that write it at once each write
 * a whole file, and the entry of the one that wrote first may be lost.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import envPaths from 'env-paths';
import { isDeepStrictEqual } from 'node:util';
import { writeFileAtomic } from '../fsutil.js';
import type { RangeField } from '../profile/load.js';
import type { ProfileOverrides } from '../profile/resolve.js';
import type { Profile } from '../profile/schema.js';

export const VALIDATED_PROFILES_FILE = 'validated-profiles.json';
/** Entries kept, the most recently validated first (using one does not move it): the few profiles a team compares. */
export const MAX_VALIDATED_PROFILES = 8;

/** What a parse of a profile depends on, and the file it came from. */
export interface ProfileParseKey {
  text: string;
  /** The file name the run shows: the parse does not depend on it (only errors name it), but an entry is used only for its own file. */
  file: string;
  overrides: ProfileOverrides;
  /** Whether ranges {low, mid, high} were looked for (an uncertain plan) or read at mid. */
  withRanges: boolean;
}

export interface ValidatedProfile {
  profile: Profile;
  ranges: RangeField[];
}

interface Entry extends ProfileParseKey, ValidatedProfile {}

/** Where the entries are kept (the user's cache directory) and the build they belong to (known-inputs.ts runningBuild). */
export interface StoreLocation {
  dir: string;
  buildId: string;
}

/**
 * The user's cache directory for capacity: CAPACITY_CACHE_DIR when set, else the platform's (env-paths):
 * $XDG_CACHE_HOME/capacity or ~/.cache/capacity on Linux, ~/Library/Caches/capacity on macOS,
 * %LOCALAPPDATA%\capacity\Cache on Windows.
 */
export function userCacheDir(): string {
  const set = process.env.CAPACITY_CACHE_DIR;
  return set ? resolve(set) : envPaths('capacity', { suffix: '' }).cache;
}

/** The flags given, without the ones not given (JSON drops those, so an entry reads back as it was written). */
function givenFlags(o: ProfileOverrides): ProfileOverrides {
  return Object.fromEntries(Object.entries(o).filter(([, value]) => value !== undefined)) as ProfileOverrides;
}

function sameKey(e: Entry, k: ProfileParseKey): boolean {
  return e.text === k.text && e.file === k.file && e.withRanges === k.withRanges && isDeepStrictEqual(e.overrides, givenFlags(k.overrides));
}

const isEntry = (e: unknown): e is Entry => {
  const x = e as Entry;
  return typeof x === 'object' && x !== null && typeof x.text === 'string' && typeof x.file === 'string' && typeof x.withRanges === 'boolean' && typeof x.overrides === 'object' && x.overrides !== null && typeof x.profile === 'object' && x.profile !== null && Array.isArray(x.ranges);
};

/** The build's entries; none when the file is missing, unreadable, not this build's or not in the expected form. */
function entriesOf(store: StoreLocation): Entry[] {
  try {
    const file = JSON.parse(readFileSync(join(store.dir, VALIDATED_PROFILES_FILE), 'utf8')) as { buildId?: unknown; entries?: unknown };
    if (file.buildId !== store.buildId || !Array.isArray(file.entries)) return [];
    return file.entries.filter(isEntry);
  } catch {
    return [];
  }
}

/** The profile (and ranges) an earlier run of this build validated from the same text, file name and flags. */
export function recallValidatedProfile(store: StoreLocation, key: ProfileParseKey): ValidatedProfile | undefined {
  const entry = entriesOf(store).find((e) => sameKey(e, key));
  return entry && { profile: entry.profile, ranges: entry.ranges };
}

/**
 * Keeps a validated profile for later runs of this build (the most recent first, at most MAX_VALIDATED_PROFILES). Not
 * kept when it would not read back exactly (JSON has no undefined, -0 or NaN), nor when the file cannot be written.
 */
export function rememberValidatedProfile(store: StoreLocation, key: ProfileParseKey, value: ValidatedProfile): void {
  const entry: Entry = { text: key.text, file: key.file, overrides: givenFlags(key.overrides), withRanges: key.withRanges, profile: value.profile, ranges: value.ranges };
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(entry)), entry)) return;
  const entries = [entry, ...entriesOf(store).filter((e) => !sameKey(e, key))].slice(0, MAX_VALIDATED_PROFILES);
  try {
    writeFileAtomic(join(store.dir, VALIDATED_PROFILES_FILE), JSON.stringify({ buildId: store.buildId, entries }), { privately: true });
  } catch {
    // No writable cache directory: later runs take the full path, as this one did.
  }
}
