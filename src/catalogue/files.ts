/** Which snapshot files a catalogue is read from: listing only, no parsing (see load.ts). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { packageRoot } from '../paths.js';

export const defaultPricingDir = (): string => join(packageRoot(), 'pricing-snapshots');

const AWS_FILE = /^aws-([a-z0-9-]+)-(\d{4}-\d{2}-\d{2})\.json$/;
const LLM_FILE = /^llm-(\d{4}-\d{2}-\d{2})\.json$/;

export interface SnapshotFile {
  file: string;
  region?: string;
  date: string;
}

/** Snapshots in `dir`, oldest first. A directory that does not exist yet has none when `allowMissing` is set. */
export function listSnapshots(dir: string, options: { allowMissing?: boolean } = {}): { aws: SnapshotFile[]; llm: SnapshotFile[] } {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if (options.allowMissing && (error as NodeJS.ErrnoException).code === 'ENOENT') return { aws: [], llm: [] };
    throw new UserError(`cannot read the pricing directory ${dir}`);
  }
  const aws: SnapshotFile[] = [];
  const llm: SnapshotFile[] = [];
  for (const name of names.sort()) {
    const a = AWS_FILE.exec(name);
    if (a) aws.push({ file: join(dir, name), region: a[1]!, date: a[2]! });
    const l = LLM_FILE.exec(name);
    if (l) llm.push({ file: join(dir, name), date: l[1]! });
  }
  return { aws, llm };
}

/** The newest AWS snapshot for the region and the newest LLM catalogue: the files loadCatalogue reads. */
export function catalogueFiles(region: string, dir = defaultPricingDir()): { aws: string; llm: string } {
  const { aws, llm } = listSnapshots(dir);
  const forRegion = aws.filter((s) => s.region === region);
  const newestAws = forRegion.at(-1);
  if (!newestAws) {
    const present = [...new Set(aws.map((s) => `${s.region} (${s.date})`))].join(', ') || 'none';
    throw new UserError(`no pricing snapshot for region ${region} in ${dir}`, [], `snapshots present: ${present}. Create one with: capacity pricing refresh --region ${region}`);
  }
  // A directory of refreshed AWS snapshots may have no LLM catalogue of its own: use the bundled one.
  const newestLlm = llm.at(-1) ?? (dir === defaultPricingDir() ? undefined : listSnapshots(defaultPricingDir()).llm.at(-1));
  if (!newestLlm) throw new UserError(`no LLM price catalogue (llm-YYYY-MM-DD.json) in ${dir}`);
  return { aws: newestAws.file, llm: newestLlm.file };
}

