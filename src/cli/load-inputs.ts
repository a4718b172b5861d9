/** Reading the files a command needs: the profile (default or --profile) and the catalogue for its region. */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Catalogue } from '../catalogue/schema.js';
import { whyNotRead } from '../fsutil.js';
import { UserError } from '../errors.js';
import { packageRoot } from '../paths.js';
import { checkReferences, resolveConcurrency, type ProfileOverrides } from '../profile/resolve.js';
import type { Profile } from '../profile/schema.js';
import type { RangeField } from '../profile/load.js';
import { knownCatalogue, knownProfile, runningBuild } from './known-inputs.js';
import { recallValidatedProfile, rememberValidatedProfile, userCacheDir } from './validated-profiles.js';

export const defaultProfilePath = (): string => join(packageRoot(), 'profiles', 'default.yaml');

/** The profile JSON Schema as shipped (`capacity schema` prints the same; a test holds them equal). */
export const shippedProfileJsonSchemaPath = (): string => join(packageRoot(), 'profiles', 'profile.schema.json');

export function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read ${what} ${file}: ${whyNotRead(code)}`);
  }
}

export function readJsonFile(file: string, what: string): unknown {
  const text = readText(file, what);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UserError(`${file} is not JSON: ${(error as Error).message}`);
  }
}

export interface LoadedInputs {
  /** The profile, with every range {low, mid, high} at its mid value. */
  profile: Profile;
  catalogue: Catalogue;
  profileFile: string;
  /** The profile's ranges, when asked for (`withRanges`); otherwise empty. */
  ranges: RangeField[];
}

export async function loadProfileAndCatalogue(profileFile: string | undefined, overrides: ProfileOverrides, pricingDir?: string, options: { withRanges?: boolean } = {}): Promise<LoadedInputs> {
  const file = profileFile ?? defaultProfilePath();
  const shown = profileFile ?? relative(process.cwd(), file);
  const text = readText(file, 'profile');
  // No range can be written without a `low`: only then does the parse look for ranges.
  const withRanges = options.withRanges === true && /\blow\b/.test(text);
  const key = { text, file: shown, overrides, withRanges };
  const build = runningBuild();
  const cacheDir = build ? await userCacheDir() : undefined;
  const store = build && cacheDir ? { dir: cacheDir, buildId: build.buildId } : undefined;
  // A profile validated before skips YAML and the schemas: a built-in one at build time (known-inputs.ts, not with
  // flags that change what is validated, nor ranges), or a file this build validated in an earlier run
  // (validated-profiles.ts). Any error takes the full path below, which places errors on their lines.
  const known = overrides.region === undefined && overrides.model === undefined && !withRanges ? knownProfile(text) : undefined;
  try {
    const noLine = () => undefined;
    const validated = known ? { profile: resolveConcurrency(known, overrides, shown, noLine), ranges: [] } : store ? recallValidatedProfile(store, key) : undefined;
    if (validated) {
      const catalogue = await catalogueFor(validated.profile.region, pricingDir);
      checkReferences(validated.profile, catalogue, shown, overrides, noLine);
      return { ...validated, catalogue, profileFile: file };
    }
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
  }
  const { checkCatalogueReferences, parseProfile, parseProfileWithRanges } = await import('../profile/load.js');
  const { profile, ranges } = withRanges ? parseProfileWithRanges(text, shown, overrides) : { profile: parseProfile(text, shown, overrides), ranges: [] };
  const catalogue = await catalogueFor(profile.region, pricingDir);
  checkCatalogueReferences(profile, catalogue, text, shown, overrides);
  if (store) rememberValidatedProfile(store, key, { profile, ranges });
  return { profile, catalogue, profileFile: file, ranges };
}

/** The region's catalogue: the built-in snapshots validated at build time, or the files read and validated now. */
async function catalogueFor(region: string, pricingDir: string | undefined): Promise<Catalogue> {
  return knownCatalogue(region, pricingDir) ?? (await import('../catalogue/load.js')).loadCatalogue(region, pricingDir);
}
