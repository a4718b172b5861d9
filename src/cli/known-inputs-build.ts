/** Writes dist/known-inputs.json at build time: each built-in profile and snapshot with its validated value. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { awsSnapshotSchema, llmCatalogueSchema } from '../catalogue/schema.js';
import { readJson } from '../catalogue/load.js';
import { writeFileAtomic } from '../fsutil.js';
import { packageRoot } from '../paths.js';
import { parseProfile } from '../profile/load.js';
import { KNOWN_INPUTS_FILE, type KnownInputs } from './known-inputs.js';

/** Files that fail validation are left out: their runs take the full path and report the errors. */
export function writeKnownInputs(distDir: string, buildId: string): KnownInputs {
  const root = packageRoot();
  const known: KnownInputs = { buildId, profiles: [], awsSnapshots: [], llmCatalogues: [] };
  const inDir = (dir: string, pattern: RegExp) => readdirSync(join(root, dir)).filter((name) => pattern.test(name)).sort().map((name) => join(root, dir, name));
  for (const file of inDir('profiles', /\.ya?ml$/)) {
    const text = readFileSync(file, 'utf8');
    attempt(() => known.profiles.push({ text, profile: parseProfile(text, file) }));
  }
  for (const file of inDir('pricing-snapshots', /^aws-.*\.json$/)) attempt(() => known.awsSnapshots.push({ text: readFileSync(file, 'utf8'), snapshot: readJson(file, awsSnapshotSchema) }));
  for (const file of inDir('pricing-snapshots', /^llm-.*\.json$/)) attempt(() => known.llmCatalogues.push({ text: readFileSync(file, 'utf8'), catalogue: readJson(file, llmCatalogueSchema) }));
  writeFileAtomic(join(distDir, KNOWN_INPUTS_FILE), JSON.stringify(known));
  return known;
}

function attempt(add: () => unknown): void {
  try {
    add();
  } catch {
    // left out on purpose (see above)
  }
}
