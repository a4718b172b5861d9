/** `capacity profile validate FILE`: check a profile (schema, units, catalogue names) without planning. */
import type { Command } from 'commander';
import { oneOf } from './flags.js';

export interface ProfileValidateOptions {
  file: string;
  pricingDir?: string;
  format: 'text' | 'json';
}

export async function runProfileValidate(options: ProfileValidateOptions): Promise<number> {
  const { loadProfileAndCatalogue } = await import('./load-inputs.js');
  const { writeOut, stdoutStyle } = await import('./output.js');
  const { profile, catalogue, ranges } = await loadProfileAndCatalogue(options.file, {}, options.pricingDir, { withRanges: true });
  // The profile at its mid values, as every command but an uncertain plan reads it, and the ranges an uncertain plan samples.
  const rangeList = ranges.map((r) => ({ field: r.path.join('.'), low: r.low, mid: r.mid, high: r.high }));
  if (options.format === 'json') writeOut(JSON.stringify({ schemaVersion: 1, kind: 'capacity-profile-validation', valid: true, file: options.file, profile, ranges: rangeList }, null, 2));
  else {
    const ranged = ranges.length === 0 ? '' : `, ${ranges.length} range${ranges.length === 1 ? '' : 's'} (${rangeList.map((r) => r.field).join(', ')})`;
    writeOut(`${stdoutStyle().green('valid')}: ${options.file} (profile "${profile.name}", ${profile.users} users${ranged}, ${profile.region}, priced by ${catalogue.awsFile})`);
  }
  return 0;
}

export function registerProfile(program: Command): void {
  const profile = program
    .command('profile')
    .description('Work with workload profiles')
    .addHelpText('after', '\nExamples:\n  $ capacity profile validate profiles/uncertain.yaml\n  $ capacity profile validate my-profile.yaml --format json');
  profile
    .command('validate <file>')
    .description('Validate a profile: fields, units, and names the pricing catalogue must know')
    .option('--format <format>', 'text or json', oneOf(['text', 'json'] as const), 'text')
    .option('--pricing-dir <dir>', 'directory of pricing snapshots')
    .addHelpText('after', '\nExample:\n  $ capacity profile validate profiles/cupid.yaml')
    .action(async (file: string, opts: Omit<ProfileValidateOptions, 'file'>) => {
      process.exitCode = await runProfileValidate({ ...opts, file });
    });
}
