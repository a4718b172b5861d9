/** `capacity pricing refresh|show|diff|import-llm`: the dated pricing snapshots. */
import type { Command } from 'commander';
import { awsRegion, oneOf } from './flags.js';

export interface PricingRefreshOptions {
  region?: string;
  out?: string;
}

const today = () => new Date().toISOString().slice(0, 10);

export async function runPricingRefresh(options: PricingRefreshOptions): Promise<number> {
  const { join } = await import('node:path');
  const { defaultPricingDir, listSnapshots, readJson } = await import('../catalogue/load.js');
  const { awsSnapshotSchema } = await import('../catalogue/schema.js');
  const { buildSnapshot, priceListEndpointRegion, RefreshDataError } = await import('../catalogue/refresh.js');
  const { defaultRegion, priceListFetcher } = await import('../aws/pricing.js');
  const { writeFileAtomic } = await import('../fsutil.js');
  const { progress, progressDone, writeErr, writeOut } = await import('./output.js');
  const { AwsError, UserError } = await import('../errors.js');

  const region = options.region ?? (await defaultRegion());
  const dir = options.out ?? defaultPricingDir();
  const inDir = listSnapshots(dir, { allowMissing: true }).aws;
  const previousFile = inDir.filter((s) => s.region === region).at(-1);
  const templateFile = previousFile ?? inDir.at(-1) ?? listSnapshots(defaultPricingDir()).aws.at(-1);
  if (!templateFile) throw new UserError(`no snapshot to take the list of instance types from, in ${dir} or the bundled pricing-snapshots/`);
  const template = readJson(templateFile.file, awsSnapshotSchema);
  const previous = previousFile ? readJson(previousFile.file, awsSnapshotSchema) : undefined;

  const fetch = priceListFetcher(priceListEndpointRegion(region), ({ label, page, items }) => progress(`pricing refresh ${region}: ${label}, page ${page}, ${items} items`));
  const date = today();
  let result;
  try {
    result = await buildSnapshot(region, date, template, previous, fetch);
  } catch (error) {
    if (error instanceof RefreshDataError) throw new AwsError(error.message, 'no snapshot was written; check the region code');
    throw error;
  } finally {
    progressDone();
  }
  const checked = awsSnapshotSchema.safeParse(result.snapshot);
  if (!checked.success) throw new AwsError(`the Price List data did not form a valid snapshot: ${checked.error.issues[0]?.message}`);
  const file = join(dir, `aws-${region}-${date}.json`);
  writeFileAtomic(file, `${JSON.stringify(result.snapshot, null, 2)}\n`);
  for (const note of result.notes) writeErr(`note: ${note}`);
  const s = result.snapshot;
  writeOut(`wrote ${file}: ${Object.keys(s.ec2).length} EC2 types, ${Object.keys(s.rds.postgres).length} RDS classes, ${Object.keys(s.elasticache.nodes).length} ElastiCache nodes, Fargate, RDS Proxy, ALB, data transfer`);
  return 0;
}

export interface PricingShowOptions {
  region: string;
  service?: string;
  format: 'table' | 'json';
  pricingDir?: string;
}

export async function runPricingShow(options: PricingShowOptions): Promise<number> {
  const { loadCatalogue } = await import('../catalogue/load.js');
  const { renderCatalogue, catalogueSections } = await import('../render/catalogue.js');
  const { writeOut, stdoutStyle } = await import('./output.js');
  const { UserError } = await import('../errors.js');
  const catalogue = loadCatalogue(options.region, options.pricingDir);
  const sections = catalogueSections(catalogue);
  if (options.service && !sections.some((s) => s.service === options.service)) {
    throw new UserError(`unknown service "${options.service}"`, [], `one of: ${[...new Set(sections.map((s) => s.service))].join(', ')}`);
  }
  const chosen = options.service ? sections.filter((s) => s.service === options.service) : sections;
  const json = () => ({
    schemaVersion: 1,
    kind: 'capacity-pricing',
    region: catalogue.aws.region,
    snapshot: catalogue.awsFile,
    date: catalogue.aws.date,
    llmCatalogue: catalogue.llmFile,
    ...Object.fromEntries(chosen.map((s) => [s.id, s.rows])),
  });
  writeOut(options.format === 'json' ? JSON.stringify(json(), null, 2) : renderCatalogue(catalogue, chosen, stdoutStyle()));
  return 0;
}

export async function runPricingDiff(options: { old: string; new: string; format: 'table' | 'json' }): Promise<number> {
  const { readPricingFile } = await import('../catalogue/load.js');
  const { diffPrices, PRICE_DIFF_SCHEMA_VERSION } = await import('../catalogue/diff.js');
  const { renderPriceDiff } = await import('../render/catalogue.js');
  const { writeOut, writeErr, stdoutStyle } = await import('./output.js');
  const { UserError } = await import('../errors.js');
  // Both validated as the pricing files they claim to be, and of one kind: prices are compared field by field.
  const before = readPricingFile(options.old);
  const after = readPricingFile(options.new);
  if (before.kind !== after.kind) {
    const name = (kind: 'aws' | 'llm') => (kind === 'aws' ? 'an AWS snapshot' : 'an LLM catalogue');
    throw new UserError(`cannot compare ${name(before.kind)} (${options.old}) with ${name(after.kind)} (${options.new})`, [], 'give two AWS snapshots (aws-REGION-DATE.json) or two LLM catalogues (llm-DATE.json)');
  }
  if (before.kind === 'aws' && after.kind === 'aws' && before.snapshot.region !== after.snapshot.region) {
    writeErr(`note: the snapshots price two regions: ${before.snapshot.region} (old) and ${after.snapshot.region} (new)`);
  }
  const changes = diffPrices(before.snapshot, after.snapshot);
  writeOut(
    options.format === 'json'
      ? JSON.stringify({ schemaVersion: PRICE_DIFF_SCHEMA_VERSION, kind: 'capacity-price-diff', old: options.old, new: options.new, changes }, null, 2)
      : renderPriceDiff(options.old, options.new, changes, stdoutStyle()),
  );
  return 0;
}

export async function runImportLlm(options: { file: string; out?: string }): Promise<number> {
  const { join } = await import('node:path');
  const { defaultPricingDir, listSnapshots, readJson } = await import('../catalogue/load.js');
  const { llmCatalogueSchema } = await import('../catalogue/schema.js');
  const { importLiteLlm } = await import('../catalogue/litellm.js');
  const { readJsonFile } = await import('./load-inputs.js');
  const { writeFileAtomic } = await import('../fsutil.js');
  const { writeOut } = await import('./output.js');
  const { UserError } = await import('../errors.js');
  const dir = options.out ?? defaultPricingDir();
  const current = listSnapshots(dir, { allowMissing: true }).llm.at(-1) ?? listSnapshots(defaultPricingDir()).llm.at(-1);
  if (!current) throw new UserError(`no LLM catalogue (llm-YYYY-MM-DD.json) in ${dir}`);
  const raw = readJsonFile(options.file, 'LiteLLM price file');
  const date = today();
  const { catalogue, updated, added } = importLiteLlm(raw, readJson(current.file, llmCatalogueSchema), date, options.file);
  const file = join(dir, `llm-${date}.json`);
  writeFileAtomic(file, `${JSON.stringify(catalogue, null, 2)}\n`);
  writeOut(`wrote ${file}: ${updated.length} ${updated.length === 1 ? 'model' : 'models'} updated, ${added.length} added`);
  return 0;
}

export function registerPricing(program: Command): void {
  const pricing = program
    .command('pricing')
    .description('Pricing snapshots: refresh from AWS, show, diff, import LLM prices')
    .addHelpText('after', '\nExamples:\n  $ capacity pricing show --service ec2\n  $ capacity pricing refresh --region us-east-1\n  $ capacity pricing diff --help');
  pricing
    .command('refresh')
    .description('Rebuild the dated AWS pricing snapshot of a region from the AWS Price List API (needs pricing:GetProducts)')
    .option('-r, --region <region>', 'region to price (default: AWS_REGION or the config file)', awsRegion)
    .option('-o, --out <dir>', 'directory to write aws-<region>-<date>.json into (default: the bundled pricing-snapshots/)')
    .addHelpText('after', '\nExamples:\n  $ capacity pricing refresh --region us-east-1\n  $ capacity pricing refresh --region eu-central-1 --out pricing-snapshots')
    .action(async (opts: PricingRefreshOptions) => {
      process.exitCode = await runPricingRefresh(opts);
    });
  pricing
    .command('show')
    .description('Print the catalogue the planner uses for a region')
    .option('-r, --region <region>', 'region', awsRegion, 'us-east-1')
    .option('-s, --service <service>', 'only one service: ec2, fargate, rds, elasticache, alb, transfer, llm')
    .option('-f, --format <format>', 'table or json', oneOf(['table', 'json'] as const), 'table')
    .option('--pricing-dir <dir>', 'directory of pricing snapshots')
    .addHelpText('after', '\nExamples:\n  $ capacity pricing show --service rds\n  $ capacity pricing show --region us-east-1 --format json')
    .action(async (opts: PricingShowOptions) => {
      process.exitCode = await runPricingShow(opts);
    });
  pricing
    .command('diff <old> <new>')
    .description('What changed in price between two snapshots (old → new, %)')
    .option('-f, --format <format>', 'table or json', oneOf(['table', 'json'] as const), 'table')
    .addHelpText('after', '\nExample (after a refresh wrote a newer snapshot):\n  $ capacity pricing diff pricing-snapshots/aws-us-east-1-2026-11-23.json pricing-snapshots/aws-us-east-1-2026-12-01.json')
    .action(async (oldFile: string, newFile: string, opts: { format: 'table' | 'json' }) => {
      process.exitCode = await runPricingDiff({ old: oldFile, new: newFile, format: opts.format });
    });
  pricing
    .command('import-llm <file>')
    .description('Update the LLM price catalogue from a LiteLLM model_prices_and_context_window.json (chat models only)')
    .option('-o, --out <dir>', 'directory to write llm-<date>.json into (default: the bundled pricing-snapshots/)')
    .addHelpText('after', '\nExample:\n  $ capacity pricing import-llm model_prices_and_context_window.json')
    .action(async (file: string, opts: { out?: string }) => {
      process.exitCode = await runImportLlm({ file, ...opts });
    });
}
