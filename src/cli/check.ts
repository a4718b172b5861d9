/** `capacity check`: hold the plan against CloudWatch metrics, live or from a saved GetMetricData response. */
import type { Command } from 'commander';
import type { DeploymentFlags } from '../check/deployment.js';
import type { SavedMeta } from '../check/metrics-file.js';
import { awsRegion, fileName, oneOf, positiveNumber, wholeNumber } from './flags.js';

export interface CheckCommandOptions extends DeploymentFlags {
  live?: boolean;
  metrics?: string;
  printQueries?: boolean;
  profile?: string;
  since?: string;
  format: 'table' | 'json' | 'markdown';
  tolerance: number;
  save?: string;
  region?: string;
  pricingDir?: string;
}

const DEFAULT_SINCE = '14d';

const positiveInteger = wholeNumber();

export async function runCheck(options: CheckCommandOptions): Promise<number> {
  const { UserError } = await import('../errors.js');
  const modes = [options.live, options.metrics !== undefined, options.printQueries].filter(Boolean).length;
  if (modes !== 1) throw new UserError('give one of --live, --metrics FILE or --print-queries', [], 'capacity check --live reads CloudWatch; capacity check --metrics FILE reads a saved response');
  if (options.save !== undefined && !options.live) throw new UserError('--save works with --live only');

  const { parseDurationMs } = await import('../units.js');
  const { MAX_LOOKBACK_DAYS, checkWindow, windowJson } = await import('../check/window.js');
  const sinceText = options.since ?? DEFAULT_SINCE;
  const sinceMs = parseDurationMs(sinceText);
  if (sinceMs === undefined || sinceMs < 60_000 || sinceMs > MAX_LOOKBACK_DAYS * 86_400_000) {
    throw new UserError(`--since: expected a duration from 1m to ${MAX_LOOKBACK_DAYS}d (CloudWatch keeps metrics 15 months), got "${sinceText}"`, [], 'e.g. --since 14d or --since 36h');
  }
  if (!Number.isFinite(options.tolerance) || options.tolerance > 100) throw new UserError(`--tolerance: expected a ratio such as 0.3, got ${options.tolerance}`);

  const { loadProfileAndCatalogue, readJsonFile } = await import('./load-inputs.js');
  const { mergeDeployment, checkDeploymentReferences } = await import('../check/deployment.js');
  const { metricSpecs, metricDataQuery, USD_PER_METRIC_REQUESTED } = await import('../check/queries.js');
  // A name a flag gives replaces the profile's, which may be stale: only the flag's is checked (after the merge).
  const replaced = ([['taskSize', options.taskSize], ['instanceType', options.instanceType], ['instanceClass', options.dbClass], ['nodeType', options.nodeType]] as const).filter(([, flag]) => flag !== undefined).map(([field]) => field);
  const { profile, catalogue } = await loadProfileAndCatalogue(options.profile, replaced.length > 0 ? { deploymentNamesReplaced: replaced } : {}, options.pricingDir);
  const deployment = mergeDeployment(profile.deployment, options);
  checkDeploymentReferences(deployment, catalogue, options);
  const specs = metricSpecs(deployment);
  if (specs.length === 0) {
    throw new UserError(`nothing to check: ${options.profile ?? 'the default profile'} names no live resources`, [], 'add a deployment section to the profile (see README, "capacity check"), or pass --ecs-cluster and --ecs-service, --alb, --rds, --redis');
  }
  const nowSeconds = Math.floor(Date.now() / 1000);
  const { writeOut, writeErr, stdoutStyle } = await import('./output.js');

  if (options.printQueries) {
    const w = checkWindow(sinceMs / 1000, nowSeconds);
    const json = windowJson(w);
    writeOut(JSON.stringify({ MetricDataQueries: specs.map((s) => metricDataQuery(s, w.periodSeconds)), StartTime: json.start, EndTime: json.end, ScanBy: 'TimestampAscending' }, null, 2));
    return 0;
  }

  const { evaluateCheck } = await import('../check/evaluate.js');
  const { mergeResults, savedMetricsJson, parseMetricsFile, checkSavedQueries, checkResponseIds, METRICS_FILE_KIND } = await import('../check/metrics-file.js');
  let input: Pick<Parameters<typeof evaluateCheck>[0], 'data' | 'window' | 'source' | 'notes'>;
  if (options.live) {
    const { fetchMetricData } = await import('../aws/cloudwatch.js');
    const { progress, progressDone } = await import('./output.js');
    const window = checkWindow(sinceMs / 1000, nowSeconds);
    const queries = specs.map((s) => metricDataQuery(s, window.periodSeconds));
    let fetched;
    try {
      fetched = await fetchMetricData(queries, window.startSeconds, window.endSeconds, { ...(options.region ? { region: options.region } : {}), onPage: (calls) => progress(`capacity check: GetMetricData call ${calls}`) });
    } finally {
      progressDone();
    }
    if (options.save) {
      const { writeFileAtomic } = await import('../fsutil.js');
      const meta: SavedMeta = { schemaVersion: 1, kind: METRICS_FILE_KIND, window: windowJson(window), region: fetched.region, calls: fetched.calls, metricsRequested: fetched.metricsRequested, queries };
      writeFileAtomic(options.save, savedMetricsJson(fetched.results, fetched.messages, meta));
      writeErr(`wrote ${options.save}`);
    }
    const costUsd = fetched.metricsRequested * USD_PER_METRIC_REQUESTED;
    input = { data: mergeResults(fetched.results, fetched.messages), window, source: { mode: 'live', region: fetched.region, calls: fetched.calls, metricsRequested: fetched.metricsRequested, costUsd } };
  } else {
    const file = options.metrics!;
    const fallback = checkWindow(sinceMs / 1000, nowSeconds);
    const parsed = parseMetricsFile(readJsonFile(file, 'metrics file'), file, fallback.periodSeconds);
    if (parsed.meta) checkSavedQueries(parsed.meta, specs, file);
    else checkResponseIds(parsed.data, specs, file);
    const notes = [...parsed.notes];
    if (parsed.meta && options.since !== undefined) notes.push(`--since is ignored: ${file} records the window it was fetched for`);
    if (!parsed.window) notes.push(`${file} has no datapoints: the window is the last ${sinceText}`);
    input = { data: parsed.data, window: parsed.window ?? fallback, source: { mode: 'file', file }, notes };
  }

  const report = evaluateCheck({ profile, catalogue, deployment, specs, tolerance: options.tolerance, ...input });
  const { checkRenderers } = await import('../render/check.js');
  writeOut(checkRenderers[options.format](report, stdoutStyle(options.format)));
  return report.verdict === 'pass' ? 0 : 1;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('Hold the plan against CloudWatch metrics: limits, and the model\'s prediction at the observed load')
    .option('--live', 'read the metrics from CloudWatch (GetMetricData; needs cloudwatch:GetMetricData)')
    .option('--metrics <file>', 'read a saved GetMetricData response (from --save, or `aws cloudwatch get-metric-data`)')
    .option('--print-queries', 'print the GetMetricData input for `aws cloudwatch get-metric-data --cli-input-json` and exit')
    .option('-p, --profile <file>', 'workload profile (YAML) with a deployment section; default: profiles/default.yaml')
    .option('--since <duration>', `how far back to look (default ${DEFAULT_SINCE}; at most 455d)`)
    .option('--tolerance <ratio>', 'largest relative error between the model and the metrics before an item drifts', positiveNumber, 0.3)
    .option('-f, --format <format>', 'table, json or markdown', oneOf(['table', 'json', 'markdown'] as const), 'table')
    .option('--save <file>', 'with --live: also write the GetMetricData response to a file (atomically), for --metrics', fileName)
    .option('-r, --region <region>', 'CloudWatch region (default: AWS_REGION or the config file)', awsRegion)
    .option('--ecs-cluster <name>', 'deployment.ecs.cluster')
    .option('--ecs-service <name>', 'deployment.ecs.service')
    .option('--task-size <size>', 'deployment.ecs.taskSize, e.g. 1vCPU-2GB')
    .option('--ec2-instances <ids>', 'deployment.ec2.instanceIds, comma-separated')
    .option('--asg <name>', 'deployment.ec2.autoScalingGroup')
    .option('--instance-type <type>', 'deployment.ec2.instanceType')
    .option('--alb <app/name/id>', 'deployment.alb.loadBalancer')
    .option('--target-group <targetgroup/name/id>', 'deployment.alb.targetGroup')
    .option('--rds <id>', 'deployment.rds.instance')
    .option('--db-class <class>', 'deployment.rds.instanceClass')
    .option('--max-connections <n>', 'deployment.rds.maxConnections', positiveInteger)
    .option('--rds-proxy <name>', 'deployment.rds.proxy')
    .option('--redis <cluster-id>', 'deployment.redis.cluster')
    .option('--node-type <type>', 'deployment.redis.nodeType')
    .option('--pricing-dir <dir>', 'directory of pricing snapshots (for max_connections and node memory)')
    .addHelpText(
      'after',
      `
Statuses: ok; warn (above targets.utilization); breach (at AWS's recommended alarm level or the limit);
drift (the model's prediction at the observed load is off by more than --tolerance); no-data.
Exit codes: 0 pass, 1 a breach or drift, 2 bad input, 3 AWS error.

Examples:
  $ capacity check --live --profile chat.yaml
  $ capacity check --live --since 30d --format markdown --save metrics.json
  $ capacity check --metrics metrics.json --profile chat.yaml --format json
  $ capacity check --print-queries --profile chat.yaml > q.json && aws cloudwatch get-metric-data --cli-input-json file://q.json > metrics.json`,
    )
    .action(async (opts: CheckCommandOptions) => {
      process.exitCode = await runCheck(opts);
    });
}
