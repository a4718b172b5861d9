/**
 * The built-in profiles and pricing snapshots, validated when the bundle is built (known-inputs-build.ts writes
 * dist/known-inputs.json). A run whose profile and snapshot texts equal a built-in file's, byte for byte, takes the
 * validated value from there and skips the YAML parser and the schema, most of a plan's start-up. Any other text,
 * any flag that changes what is validated (--region, --model), or any problem at all takes the full path, which
 * also gives every error its line.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AwsSnapshot, Catalogue, LlmCatalogue } from '../catalogue/schema.js';
import { catalogueFiles } from '../catalogue/files.js';
import type { Profile } from '../profile/schema.js';

export interface KnownInputs {
  /** The bundle these values were validated by (dist/build-id): a rebuilt bundle never trusts an older file. */
  buildId: string;
  profiles: { text: string; profile: Profile }[];
  awsSnapshots: { text: string; snapshot: AwsSnapshot }[];
  llmCatalogues: { text: string; catalogue: LlmCatalogue }[];
}

export const KNOWN_INPUTS_FILE = 'known-inputs.json';

let loaded: KnownInputs | null | undefined;
let build: { dir: string; buildId: string } | null | undefined;

/** The running bundle's directory (dist/) and build id; null when running from source (no build-id beside it). */
export function runningBuild(): { dir: string; buildId: string } | null {
  if (build !== undefined) return build;
  build = null;
  try {
    const dir = dirname(fileURLToPath(import.meta.url));
    build = { dir, buildId: readFileSync(join(dir, 'build-id'), 'utf8').trim() };
  } catch {
    // A run from source.
  }
  return build;
}

/** The validated built-in inputs beside the running bundle; null when running from source or the file is stale. */
function knownInputs(): KnownInputs | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  const running = runningBuild();
  if (!running) return loaded;
  try {
    const known = JSON.parse(readFileSync(join(running.dir, KNOWN_INPUTS_FILE), 'utf8')) as KnownInputs;
    const complete = Array.isArray(known.profiles) && Array.isArray(known.awsSnapshots) && Array.isArray(known.llmCatalogues);
    if (complete && known.buildId === running.buildId) loaded = known;
  } catch {
    // No file or an unreadable one: the full path.
  }
  return loaded;
}

/** The validated built-in profile whose text this is, before flags; undefined for any other text. */
export function knownProfile(text: string): Profile | undefined {
  return knownInputs()?.profiles.find((p) => p.text === text)?.profile;
}

/** The catalogue for the region when its snapshot files are built-in ones, byte for byte; undefined otherwise. */
export function knownCatalogue(region: string, pricingDir?: string): Catalogue | undefined {
  const known = knownInputs();
  if (!known) return undefined;
  try {
    const files = catalogueFiles(region, pricingDir);
    const awsText = readFileSync(files.aws, 'utf8');
    const llmText = readFileSync(files.llm, 'utf8');
    const aws = known.awsSnapshots.find((s) => s.text === awsText)?.snapshot;
    const llm = known.llmCatalogues.find((c) => c.text === llmText)?.catalogue;
    return aws && llm ? { aws, llm, awsFile: basename(files.aws), llmFile: basename(files.llm) } : undefined;
  } catch {
    return undefined; // a missing or unreadable file: the full path reports it (exit 2)
  }
}
