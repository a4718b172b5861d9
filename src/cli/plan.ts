/** `capacity plan`: the capacity and cost model for one user count. */
import type { Command } from 'commander';
import type { RangeField } from '../profile/load.js';
import type { Profile } from '../profile/schema.js';
import { fileName, oneOf, positiveNumber, wholeNumber } from './flags.js';

export interface PlanCommandOptions {
  profile?: string;
  users?: number;
  concurrent?: number;
  model?: string;
  region?: string;
  format: 'table' | 'json' | 'markdown';
  out?: string;
  pricingDir?: string;
  samples?: number;
  seed?: number;
  regretUnder?: number;
  regretOver?: number;
  /** Plan every range at its mid value, without sampling: the plan sweep, gate and check use. */
  atMid?: boolean;
}

export async function runPlan(options: PlanCommandOptions): Promise<number> {
  const { loadProfileAndCatalogue } = await import('./load-inputs.js');
  const { planCapacity } = await import('../model/planner.js');
  const { planRenderers } = await import('../render/index.js');
  const { stdoutStyle, createStyle, writeOut, writeErr, isStandardOutput } = await import('./output.js');
  const { profile, catalogue, ranges } = await loadProfileAndCatalogue(
    options.profile,
    { users: options.users, concurrentUsers: options.concurrent, model: options.model, region: options.region },
    options.pricingDir,
    { withRanges: options.atMid !== true },
  );
  const uncertain = ranges.length > 0 ? await uncertainRun(options, profile, ranges) : undefined;
  let text: (style: Parameters<(typeof planRenderers)['table']>[1]) => string;
  if (uncertain) {
    const { planUncertain } = await import('../uncertainty/uncertain.js');
    const { uncertainRenderers } = await import('../render/uncertain.js');
    const result = planUncertain(uncertain.profile, uncertain.ranges, catalogue, uncertain.options);
    text = (style) => uncertainRenderers[options.format](result, style);
  } else {
    if (options.samples !== undefined || options.seed !== undefined) writeErr('note: the profile has no ranges {low, mid, high}, so --samples and --seed change nothing: this is the plan');
    const plan = planCapacity(profile, catalogue);
    text = (style) => planRenderers[options.format](plan, style);
  }
  if (options.out && !isStandardOutput(options.out)) {
    const { writeFileAtomic } = await import('../fsutil.js');
    writeFileAtomic(options.out, text(createStyle(false)));
    writeErr(`wrote ${options.out}`);
  } else {
    writeOut(text(stdoutStyle(options.format)));
  }
  return 0;
}

/** The sampling settings of a profile with ranges. */
async function uncertainRun(options: PlanCommandOptions, profile: Profile, ranges: RangeField[]) {
  const { DEFAULT_REGRET_WEIGHTS, DEFAULT_SAMPLES, DEFAULT_SEED } = await import('../uncertainty/uncertain.js');
  const fromProfile = profile.uncertainty; // each setting: the flag, else the profile's uncertainty section, else the default
  const { readJsonFile, shippedProfileJsonSchemaPath } = await import('./load-inputs.js');
  return {
    profile,
    ranges,
    options: {
      samples: options.samples ?? fromProfile?.samples ?? DEFAULT_SAMPLES,
      seed: options.seed ?? fromProfile?.seed ?? DEFAULT_SEED,
      weights: {
        under: options.regretUnder ?? fromProfile?.regret?.under ?? DEFAULT_REGRET_WEIGHTS.under,
        over: options.regretOver ?? fromProfile?.regret?.over ?? DEFAULT_REGRET_WEIGHTS.over,
      },
      profileJsonSchema: readJsonFile(shippedProfileJsonSchemaPath(), 'profile JSON Schema') as Record<string, unknown>,
    },
  };
}

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('Model memory, CPU, connections, Redis and LLM cost for a user count; recommend a phase')
    .option('-p, --profile <file>', 'workload profile (YAML); default: profiles/default.yaml')
    .option('-u, --users <n>', 'users with access (overrides the profile)', wholeNumber())
    .option('-c, --concurrent <n>', 'peak concurrent users (overrides the profile\'s ratio)', positiveNumber)
    .option('-m, --model <id>', 'LLM model from the price catalogue (overrides llm.model)')
    .option('-r, --region <region>', 'AWS region of the pricing snapshot (overrides region)')
    .option('-f, --format <format>', 'table, json or markdown', oneOf(['table', 'json', 'markdown'] as const), 'table')
    .option('-o, --out <file>', 'write the output to a file (atomically) instead of stdout', fileName)
    .option('--pricing-dir <dir>', 'directory of pricing snapshots; default: the bundled pricing-snapshots/')
    .option('--samples <n>', 'for a profile with ranges {low, mid, high}: samples to plan (overrides uncertainty.samples; default 1000)', wholeNumber(1, 1_000_000))
    .option('--seed <n>', 'for a profile with ranges: seed of the sampler; the same seed gives the same output (overrides uncertainty.seed; default 1)', wholeNumber(0, 2 ** 31 - 1))
    .option('--regret-under <w>', 'for a profile with ranges: weight of under-provisioning in the regret (overrides uncertainty.regret.under; default 3)', positiveNumber)
    .option('--regret-over <w>', 'for a profile with ranges: weight of over-provisioning in the regret (overrides uncertainty.regret.over; default 1)', positiveNumber)
    .option('--at-mid', 'for a profile with ranges: plan each range at its mid value, without sampling (as sweep, gate and check do; a gate baseline)')
    .addHelpText(
      'after',
      `
Examples:
  $ capacity plan --users 500
  $ capacity plan --profile profiles/chatpop.yaml --users 20000 --format markdown
  $ capacity plan --users 2000 --model gpt-4.1 --format json --out plan.json
  $ capacity plan --profile profiles/uncertain.yaml --users 2000 --samples 10000 --seed 7`,
    )
    .action(async (opts: PlanCommandOptions) => {
      process.exitCode = await runPlan(opts);
    });
}
