/**
 * Profile files validated in earlier runs, kept in the user's cache directory (validated-profiles.json; see
 * userCacheDir): a run whose build, profile text, file name, flags and range mode equal an entry's takes the validated
 * profile and its ranges from there, and skips the YAML parser and the schemas (building the profile schema alone
 * takes about 10 ms). It is the run-time counterpart of known-inputs.ts, which does the same for the built-in profiles
 * at build time: a team plans its own profile again and again while it edits and compares. Only profiles that
 * validated are kept, so every error still takes the full path and is placed on its line.
 *
 * It holds the user's profile texts, so it lives with the user, not in a shared install, and only they may read it;
 * a file that another user owns or could have written is not read. Every install a user runs (a global one, a
 * project's npx, a checkout rebuilt) shares the file, each entry marked with its build. When the file is missing,
 * unreadable or cannot be written, runs take the full path and nothing else changes. It is a cache: two runs that
 * write it at once each write a whole file, and the entry of the one that wrote first may be lost.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { writeFileAtomic } from '../fsutil.js';
import type { RangeField } from '../profile/load.js';
import type { ProfileOverrides } from '../profile/resolve.js';
import type { Profile } from '../profile/schema.js';

export const VALIDATED_PROFILES_FILE = 'validated-profiles.json';
/**
 * Entries kept over all builds, the most recently validated first (using one does not move it): the few profiles a
 * team compares, with room for two installs in use.
 */
export const MAX_VALIDATED_PROFILES = 16;

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

interface Entry extends ProfileParseKey, ValidatedProfile {
  buildId: string;
}

/** Where the entries are kept (the user's cache directory) and the build whose entries a run uses (known-inputs.ts runningBuild). */
export interface StoreLocation {
  dir: string;
  buildId: string;
}

/**
 * The user's cache directory for capacity: CAPACITY_CACHE_DIR when set (relative to the working directory), else the
 * platform's, from env-paths: ~/Library/Caches/capacity on macOS, %LOCALAPPDATA%\capacity\Cache on Windows, and
 * elsewhere $XDG_CACHE_HOME/capacity or ~/.cache/capacity. Undefined when there is none: env-paths asks for the home
 * directory as it loads (imported here, so that this is the only place it can fail), which fails for a user id with no
 * home directory and no HOME.
 */
export async function userCacheDir(): Promise<string | undefined> {
  const set = process.env.CAPACITY_CACHE_DIR;
  if (set) return resolve(set);
  try {
    const { default: envPaths } = await import('env-paths');
    return envPaths('capacity', { suffix: '' }).cache;
  } catch {
    return undefined;
  }
}

/** The flags given, without the ones not given (JSON drops those, so an entry reads back as it was written). */
function givenFlags(o: ProfileOverrides): ProfileOverrides {
  return Object.fromEntries(Object.entries(o).filter(([, value]) => value !== undefined)) as ProfileOverrides;
}

function sameKey(e: Entry, buildId: string, k: ProfileParseKey): boolean {
  return e.buildId === buildId && e.text === k.text && e.file === k.file && e.withRanges === k.withRanges && isDeepStrictEqual(e.overrides, givenFlags(k.overrides));
}

const isEntry = (e: unknown): e is Entry => {
  const x = e as Entry;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof x.buildId === 'string' &&
    typeof x.text === 'string' &&
    typeof x.file === 'string' &&
    typeof x.withRanges === 'boolean' &&
    typeof x.overrides === 'object' &&
    x.overrides !== null &&
    typeof x.profile === 'object' &&
    x.profile !== null &&
    Array.isArray(x.ranges)
  );
};

/**
 * Whether a file's owner and mode are the running user's own (not on Windows, which has neither): a store that
 * someone else could have written would hand this user's runs a profile that was never validated.
 */
function ownedByUser(stat: { uid: number; mode: number }): boolean {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return true;
  return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
}

/** Every build's entries; none when the file is missing, not a file, unreadable, not the user's own or not in the expected form. */
function entriesOf(dir: string): Entry[] {
  let fd: number | undefined;
  try {
    // Without blocking, in case something other than a file (a FIFO) stands there.
    fd = openSync(join(dir, VALIDATED_PROFILES_FILE), constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stat = fstatSync(fd);
    if (!stat.isFile() || !ownedByUser(stat)) return [];
    const file = JSON.parse(readFileSync(fd, 'utf8')) as { entries?: unknown };
    return Array.isArray(file.entries) ? file.entries.filter(isEntry) : [];
  } catch {
    return [];
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The profile (and ranges) an earlier run of this build validated from the same text, file name and flags. */
export function recallValidatedProfile(store: StoreLocation, key: ProfileParseKey): ValidatedProfile | undefined {
  const entry = entriesOf(store.dir).find((e) => sameKey(e, store.buildId, key));
  return entry && { profile: entry.profile, ranges: entry.ranges };
}

/**
 * Keeps a validated profile for later runs of this build (the most recent first, at most MAX_VALIDATED_PROFILES over
 * all builds). Not kept when it would not read back exactly (JSON has no undefined, -0 or NaN), nor when the file
 * cannot be written.
 */
export function rememberValidatedProfile(store: StoreLocation, key: ProfileParseKey, value: ValidatedProfile): void {
  const entry: Entry = { buildId: store.buildId, text: key.text, file: key.file, overrides: givenFlags(key.overrides), withRanges: key.withRanges, profile: value.profile, ranges: value.ranges };
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(entry)), entry)) return;
  const entries = [entry, ...entriesOf(store.dir).filter((e) => !sameKey(e, store.buildId, key))].slice(0, MAX_VALIDATED_PROFILES);
  try {
    writeFileAtomic(join(store.dir, VALIDATED_PROFILES_FILE), JSON.stringify({ entries }), { privately: true });
  } catch {
    // No writable cache directory: later runs take the full path, as this one did.
  }
}
