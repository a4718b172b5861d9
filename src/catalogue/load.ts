/** Reads and validates the newest snapshots for a region (which files: files.ts). */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { catalogueFiles, defaultPricingDir } from './files.js';
import { UserError } from '../errors.js';
import { whyNotRead } from '../fsutil.js';
import { describeIssue, valueAt } from '../config/issues.js';
import { awsSnapshotSchema, llmCatalogueSchema, type AwsSnapshot, type Catalogue, type LlmCatalogue } from './schema.js';
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
  return validated(file, readRaw(file), schema);
}

function readRaw(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read ${file}: ${whyNotRead(code)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file} is not JSON: ${(error as Error).message}`);
  }
}

function validated<S extends z.ZodMiniType>(file: string, raw: unknown, schema: S): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new UserError(
      `${file} is not a valid pricing file`,
      result.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.') || '(top level)', message: describeIssue(i, valueAt(raw, i.path.map(String))) })),
    );
  }
  return result.data;
}

/** A pricing file of either kind, told apart by its `kind` field: an AWS snapshot or an LLM catalogue. */
export function readPricingFile(file: string): { kind: 'aws'; snapshot: AwsSnapshot } | { kind: 'llm'; snapshot: LlmCatalogue } {
  const raw = readRaw(file);
  const kind = raw !== null && typeof raw === 'object' ? (raw as { kind?: unknown }).kind : undefined;
  if (kind === 'capacity-llm-prices') return { kind: 'llm', snapshot: validated(file, raw, llmCatalogueSchema) };
  if (typeof kind === 'string' && kind !== 'capacity-aws-pricing') {
    throw new UserError(`${file} is a ${kind}, not a pricing file`, [], 'give AWS snapshots (aws-REGION-DATE.json) or LLM catalogues (llm-DATE.json)');
  }
  // Without a kind, read as the AWS snapshot it most likely is, so its errors name the fields it lacks.
  return { kind: 'aws', snapshot: validated(file, raw, awsSnapshotSchema) };
}
