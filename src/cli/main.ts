/** The CLI: commander wiring and the one top-level catch that maps errors to exit codes (design §5). */
import { Command, CommanderError } from 'commander';
import { AwsError, InternalError, UserError, formatDetail } from '../errors.js';
import { registerCheck } from './check.js';
import { writeErr, writeRaw } from './output.js';
import { registerGate } from './gate.js';
import { registerPlan } from './plan.js';
import { registerPricing } from './pricing.js';
import { registerProfile } from './profile.js';
import { registerSchema } from './schema.js';
import { registerSweep } from './sweep.js';

export const EXIT = { ok: 0, verdictFailed: 1, usage: 2, aws: 3, internal: 70 } as const;

export function buildProgram(): Command {
  const program = new Command()
    .name('capacity')
    .description('Capacity and cost planner for LLM-backed chat products on AWS')
    .version(__CAPACITY_VERSION__, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => writeRaw(2, s), writeOut: (s) => writeRaw(1, s) })
    .addHelpText(
      'after',
      `
Examples:
  $ capacity plan --users 500
  $ capacity plan --profile profiles/cupid.yaml --users 200 --format markdown
  $ capacity sweep --users 50..20000 --format html --out sweep.html
  $ capacity profile validate profiles/default.yaml
  $ capacity schema > profile.schema.json
  $ capacity gate --budget budget.yaml --baseline plan.json --format markdown
  $ capacity pricing refresh --region eu-central-1
  $ capacity check --live --rds chat-db --db-class db.t4g.medium --since 7d

Environment:
  NO_COLOR, FORCE_COLOR   no colour; colour even when output is not a terminal
  CAPACITY_CACHE_DIR      where validated profile files are kept (default: the
                          platform's cache directory, e.g. ~/.cache/capacity)
  CAPACITY_DEBUG=1        print the stack trace of an internal error

Exit codes: 0 ok, 1 a verdict failed, 2 usage or input error, 3 AWS or network error, 70 internal error (a bug).`,
    );
  registerPlan(program);
  registerProfile(program);
  registerSchema(program);
  registerPricing(program);
  registerCheck(program);
  registerGate(program);
  registerSweep(program);
  const exitOverrideAll = (command: Command): void => {
    command.exitOverride();
    command.commands.forEach(exitOverrideAll);
  };
  exitOverrideAll(program);
  return program;
}

declare const __CAPACITY_VERSION__: string;

/** Build step (scripts/build.mjs): validate the built-in profiles and snapshots with this bundle, for known-inputs.ts. */
export async function buildKnownInputs(distDir: string, buildId: string): Promise<number> {
  const { writeKnownInputs } = await import('./known-inputs-build.js');
  const known = writeKnownInputs(distDir, buildId);
  return known.profiles.length + known.awsSnapshots.length + known.llmCatalogues.length;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return reportError(error);
  }
}

export function reportError(error: unknown): number {
  const write = writeErr;
  if (error instanceof CommanderError) {
    // commander has already printed its message; help and version are not errors.
    return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : EXIT.usage;
  }
  if (error instanceof UserError) {
    write(`error: ${error.message}`);
    for (const d of error.details) write(`  ${formatDetail(undefined, d)}`);
    if (error.hint) write(`hint: ${error.hint}`);
    return EXIT.usage;
  }
  if (error instanceof AwsError) {
    write(`error: ${error.message}`);
    if (error.hint) write(`hint: ${error.hint}`);
    return EXIT.aws;
  }
  const message = error instanceof InternalError || error instanceof Error ? error.message : String(error);
  write(`internal error: ${message}`);
  write('This is a bug in capacity. Please report it with the command you ran; set CAPACITY_DEBUG=1 for a stack trace.');
  if (process.env.CAPACITY_DEBUG && error instanceof Error && error.stack) write(error.stack);
  return EXIT.internal;
}
