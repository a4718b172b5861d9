/** `capacity sweep`: the plan across a range of user counts, its breakpoints, and the cost curve. */
import { InvalidArgumentError, type Command } from 'commander';
import { fileName, oneOf, wholeNumber } from './flags.js';
import type { SweepScale, UserRange } from '../sweep/grid.js';
import { parseUserRange } from '../sweep/grid.js';

export const SWEEP_FORMAT_NAMES = ['table', 'json', 'chart', 'html'] as const;
/** More points than this is a mistake (each is a full plan), not a finer chart. */
export const MAX_SWEEP_POINTS = 100_000;

export interface SweepCommandOptions {
  profile?: string;
  users: UserRange;
  points: number;
  scale: SweepScale;
  model?: string;
  region?: string;
  format: (typeof SWEEP_FORMAT_NAMES)[number];
  out?: string;
  pricingDir?: string;
}

function userRange(value: string): UserRange {
  const range = parseUserRange(value);
  if (typeof range === 'string') throw new InvalidArgumentError(range);
  return range;
}


export async function runSweep(options: SweepCommandOptions): Promise<number> {
  const { loadProfileAndCatalogue } = await import('./load-inputs.js');
  const { sweepCapacity } = await import('../sweep/sweep.js');
  const { sweepRenderers } = await import('../render/sweep.js');
  const { stdoutStyle, createStyle, writeOut, writeErr, isStandardOutput } = await import('./output.js');
  const { profile, catalogue } = await loadProfileAndCatalogue(options.profile, { model: options.model, region: options.region }, options.pricingDir);
  const sweep = sweepCapacity(profile, catalogue, { ...options.users, points: options.points, scale: options.scale });
  const render = sweepRenderers[options.format];
  if (options.out && !isStandardOutput(options.out)) {
    const { writeFileAtomic } = await import('../fsutil.js');
    writeFileAtomic(options.out, render(sweep, createStyle(false)));
    writeErr(`wrote ${options.out}`);
  } else {
    writeOut(render(sweep, stdoutStyle(options.format)));
  }
  return 0;
}

export function registerSweep(program: Command): void {
  program
    .command('sweep')
    .description('Plan across a range of user counts: cost curve, phases, and the exact breakpoints')
    .requiredOption('-u, --users <from..to>', 'range of users with access, e.g. 50..20000', userRange)
    .option('-p, --profile <file>', 'workload profile (YAML); default: profiles/default.yaml')
    .option('-n, --points <n>', 'user counts to plan at (breakpoints are found exactly regardless)', wholeNumber(2, MAX_SWEEP_POINTS), 60)
    .option('-s, --scale <scale>', 'spacing of the user counts: log or linear', oneOf(['log', 'linear'] as const), 'log')
    .option('-m, --model <id>', 'LLM model from the price catalogue (overrides llm.model)')
    .option('-r, --region <region>', 'AWS region of the pricing snapshot (overrides region)')
    .option('-f, --format <format>', 'table, json, chart (terminal) or html (a self-contained report)', oneOf(SWEEP_FORMAT_NAMES), 'table')
    .option('-o, --out <file>', 'write the output to a file (atomically) instead of stdout', fileName)
    .option('--pricing-dir <dir>', 'directory of pricing snapshots; default: the bundled pricing-snapshots/')
    .addHelpText(
      'after',
      `
Examples:
  $ capacity sweep --users 50..20000
  $ capacity sweep --users 100..50000 --format chart
  $ capacity sweep --profile profiles/chatpop.yaml --users 50..20000 --format html --out sweep.html
  $ capacity sweep --users 1000..10000 --scale linear --points 200 --format json`,
    )
    .action(async (opts: SweepCommandOptions) => {
      process.exitCode = await runSweep(opts);
    });
}
