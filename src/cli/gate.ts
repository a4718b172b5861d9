/** `capacity gate`: cost budgets for CI, with baselines and pull-request comments. Exit 1 when a limit is exceeded. */
import { dirname, isAbsolute, join, relative } from 'node:path';
import type { Command } from 'commander';
import { fileName, oneOf, wholeNumber } from './flags.js';

export interface GateCommandOptions {
  budget: string;
  profile?: string;
  users?: number;
  baseline?: string[];
  format: 'table' | 'json' | 'markdown';
  out?: string;
  pricingDir?: string;
}

export async function runGate(options: GateCommandOptions): Promise<number> {
  const { loadCatalogue } = await import('../catalogue/load.js');
  const { UserError } = await import('../errors.js');
  const { packageRoot } = await import('../paths.js');
  const { defaultProfilePath, readJsonFile, readText } = await import('./load-inputs.js');
  const { checkCatalogueReferences, parseProfile } = await import('../profile/load.js');
  const { planCapacity } = await import('../model/planner.js');
  const { parseBudget } = await import('../gate/budget.js');
  const { parseBaseline } = await import('../gate/baseline.js');
  const gate = await import('../gate/report.js');
  const { failedRuleLines, gateRenderers, gateSummary } = await import('../render/gate.js');
  const { createStyle, stdoutStyle, writeErr, writeOut, isStandardOutput } = await import('./output.js');

  const budget = parseBudget(readText(options.budget, 'budget'), options.budget);
  // --profile is relative to the working directory; the budget's profile: to the budget file.
  const profileFile = options.profile ?? (budget.profile !== undefined ? (isAbsolute(budget.profile) ? budget.profile : join(dirname(options.budget), budget.profile)) : undefined);
  const file = profileFile ?? defaultProfilePath();
  const shown = profileFile ?? `built-in ${relative(packageRoot(), file)}`;
  let text: string;
  try {
    text = readText(file, 'profile');
  } catch (error) {
    if (!(error instanceof UserError) || profileFile === undefined || options.profile !== undefined) throw error;
    throw new UserError(error.message, [], `${options.budget} names this profile (profile:); a relative path is taken from the budget file's directory`);
  }
  const base = parseProfile(text, shown);
  const catalogue = loadCatalogue(base.region, options.pricingDir);
  checkCatalogueReferences(base, catalogue, text, shown);
  const baselines = (options.baseline ?? []).map((b) => parseBaseline(readJsonFile(b, 'baseline'), b));

  const report = gate.runGate({
    budget,
    budgetFile: options.budget,
    profileFile: shown,
    mainUsers: options.users ?? budget.users ?? base.users,
    // The same profile `capacity plan --users N` plans, so a baseline saved by plan compares like with like.
    planAt: (users) => planCapacity(parseProfile(text, shown, { users }), catalogue),
    baselines,
  });

  const render = gateRenderers[options.format];
  if (options.out && !isStandardOutput(options.out)) {
    const { writeFileAtomic } = await import('../fsutil.js');
    writeFileAtomic(options.out, render(report, createStyle(false)));
    writeErr(`wrote ${options.out}`);
    writeErr(gateSummary(report));
    for (const line of failedRuleLines(report)) writeErr(`  ${line}`);
  } else {
    writeOut(render(report, stdoutStyle(options.format)));
  }
  return report.verdict === 'pass' ? 0 : 1;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerGate(program: Command): void {
  program
    .command('gate')
    .description('Check a plan against cost budgets (exit 1 when over), and show its change against a baseline plan')
    .requiredOption('-b, --budget <file>', 'budget file (YAML): limits on monthly cost, per component, per user and growth')
    .option('-p, --profile <file>', 'workload profile (YAML); default: the budget\'s profile:, else profiles/default.yaml')
    .option('-u, --users <n>', 'users for the main plan (overrides the budget and the profile)', wholeNumber())
    .option('--baseline <plan.json>', 'a plan saved with capacity plan --format json --out plan.json; repeat for checkpoints', collect)
    .option('-f, --format <format>', 'table, markdown or json', oneOf(['table', 'markdown', 'json'] as const), 'table')
    .option('-o, --out <file>', 'write the report to a file (atomically) instead of stdout', fileName)
    .option('--pricing-dir <dir>', 'directory of pricing snapshots; default: the bundled pricing-snapshots/')
    .addHelpText(
      'after',
      `
Exit codes: 0 every limit met (a limit exactly met passes), 1 a limit exceeded, 2 bad flag, budget, profile or baseline.

Examples:
  $ capacity gate --budget budget.yaml
  $ capacity plan --format json --out baseline.json      # on the main branch
  $ capacity gate --budget budget.yaml --baseline baseline.json --format markdown --out gate.md`,
    )
    .action(async (opts: GateCommandOptions) => {
      process.exitCode = await runGate(opts);
    });
}
