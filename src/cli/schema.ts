/** `capacity schema`: the JSON Schema of profiles, generated from the same zod schema that validates them. */
import type { Command } from 'commander';

export async function runSchema(): Promise<number> {
  const { profileJsonSchema } = await import('../profile/schema.js');
  const { writeOut } = await import('./output.js');
  writeOut(JSON.stringify(profileJsonSchema(), null, 2));
  return 0;
}

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('Print the JSON Schema of workload profiles (for editor completion)')
    .addHelpText('after', '\nExample:\n  $ capacity schema > profile.schema.json')
    .action(async () => {
      process.exitCode = await runSchema();
    });
}
