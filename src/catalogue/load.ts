/** Reads and validates the newest snapshots for a region (which files: files.ts). */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { catalogueFiles, defaultPricingDir } from './files.js';
import { UserError } from '../errors.js';
import { awsSnapshotSchema, llmCatalogueSchema, type Catalogue } from './schema.js';
import type * as z from 'zod/mini';

export { catalogueFiles, defaultPricingDir, listSnapshots, type SnapshotFile } from './files.js';

export function loadCatalogue(region: string, dir = defaultPricingDir()): Catalogue {
  const files = catalogueFiles(region, dir);
  return {
    aws: readJson(files.aws, awsSnapshotSchema),
    llm: readJson(files.llm, llmCatalogueSchema),
    awsFile: basename(files.aws),
    llmFile: basename(files.llm),
  };
}

export function readJson<S extends z.ZodMiniType>(file: string, schema: S): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new UserError(
      `${file} is not a valid pricing file`,
      result.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return result.data;
}
