/** `capacity plan`: the capacity and cost model for one user count. */
import type { Command } from 'commander';
import { oneOf, positiveNumber } from './flags.js';

export interface PlanCommandOptions {
  profile?: string;
  users?: number;
  concurrent?: number;
  model?: string;
  region?: string;
  format: 'table' | 'json' | 'markdown';
  out?: string;
  pricingDir?: string;
}

export async function runPlan(options: PlanCommandOptions): Promise<number> {
  const { loadProfileAndCatalogue } = await import('./load-inputs.js');
  const { planCapacity } = await import('../model/planner.js');
  const { planRenderers } = await import('../render/index.js');
  const { stdoutStyle, createStyle, writeOut, writeErr } = await import('./output.js');
  const { profile, catalogue } = loadProfileAndCatalogue(
    options.profile,
    { users: options.users, concurrentUsers: options.concurrent, model: options.model, region: options.region },
    options.pricingDir,
  );
  const plan = planCapacity(profile, catalogue);
  const render = planRenderers[options.format];
  if (options.out) {
    const { writeFileAtomic } = await import('../fsutil.js');
    writeFileAtomic(options.out, render(plan, createStyle(false)));
    writeErr(`wrote ${options.out}`);
  } else {
    writeOut(render(plan, stdoutStyle()));
  }
  return 0;
}

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('Model memory, CPU, connections, Redis and LLM cost for a user count; recommend a phase')
    .option('-p, --profile <file>', 'workload profile (YAML); default: profiles/default.yaml')
    .option('-u, --users <n>', 'users with access (overrides the profile)', positiveNumber)
    .option('-c, --concurrent <n>', 'peak concurrent users (overrides the profile\'s ratio)', positiveNumber)
    .option('-m, --model <id>', 'LLM model from the price catalogue (overrides llm.model)')
    .option('-r, --region <region>', 'AWS region of the pricing snapshot (overrides region)')
    .option('-f, --format <format>', 'table, json or markdown', oneOf(['table', 'json', 'markdown'] as const), 'table')
    .option('-o, --out <file>', 'write the output to a file (atomically) instead of stdout')
    .option('--pricing-dir <dir>', 'directory of pricing snapshots; default: the bundled pricing-snapshots/')
    .addHelpText(
      'after',
      `
Examples:
  $ capacity plan --users 500
  $ capacity plan --profile profiles/chatpop.yaml --users 20000 --format markdown
  $ capacity plan --users 2000 --model gpt-4.1 --format json --out plan.json`,
    )
    .action(async (opts: PlanCommandOptions) => {
      process.exitCode = await runPlan(opts);
    });
}
