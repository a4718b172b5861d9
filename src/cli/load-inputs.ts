/** Reading the files a command needs: the profile (default or --profile) and the catalogue for its region. */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Catalogue } from '../catalogue/schema.js';
import { UserError } from '../errors.js';
import { packageRoot } from '../paths.js';
import type { ProfileOverrides } from '../profile/resolve.js';
import type { Profile } from '../profile/schema.js';
import { loadKnownInputs } from './known-inputs.js';

export const defaultProfilePath = (): string => join(packageRoot(), 'profiles', 'default.yaml');

/** The profile JSON Schema as shipped (`capacity schema` prints the same; a test holds them equal). */
export const shippedProfileJsonSchemaPath = (): string => join(packageRoot(), 'profiles', 'profile.schema.json');

export function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read ${what} ${file}${code === 'ENOENT' ? ': no such file' : code ? `: ${code}` : ''}`);
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
  profile: Profile;
  catalogue: Catalogue;
  profileFile: string;
}

export async function loadProfileAndCatalogue(profileFile: string | undefined, overrides: ProfileOverrides, pricingDir?: string): Promise<LoadedInputs> {
  const file = profileFile ?? defaultProfilePath();
  const shown = profileFile ?? relative(process.cwd(), file);
  const text = readText(file, 'profile');
  const known = loadKnownInputs(text, shown, overrides, pricingDir);
  if (known) return { ...known, profileFile: file };
  // The YAML parser and the schemas load only here, for a profile or snapshot that is not a built-in one.
  const { checkCatalogueReferences, parseProfile } = await import('../profile/load.js');
  const { loadCatalogue } = await import('../catalogue/load.js');
  const profile = parseProfile(text, shown, overrides);
  const catalogue = loadCatalogue(profile.region, pricingDir);
  checkCatalogueReferences(profile, catalogue, text, shown, overrides);
  return { profile, catalogue, profileFile: file };
}
