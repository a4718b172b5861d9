/**
 * The budget file of `capacity gate`: cost limits for the main plan and for optional checkpoints (the same profile at
 * other user counts). YAML validated by zod with line-located errors, like profiles. Pure: the CLI reads the file.
 */
import '../zod-config.js';
import * as z from 'zod/mini';
import { parseYamlWithSchema } from '../config/yaml.js';
import { UserError } from '../errors.js';
import type { ComponentRole } from '../model/types.js';

/** Every component role a plan can contain; a budget may limit any of them. */
export const COMPONENT_ROLES = ['app', 'database', 'db-proxy', 'read-replica', 'cache', 'load-balancer', 'llm', 'storage', 'transfer'] as const satisfies readonly ComponentRole[];
// Fails to compile when the model gains a role this list lacks.
const allRolesListed: [Exclude<ComponentRole, (typeof COMPONENT_ROLES)[number]>] extends [never] ? true : false = true;
void allRolesListed;

const usd = (description: string) => z.optional(z.number().check(z.nonnegative()).register(z.globalRegistry, { description: `${description} (USD per month)` }));

const componentsSchema = z.strictObject(
  Object.fromEntries(COMPONENT_ROLES.map((role) => [role, usd(`Most the \`${role}\` components may cost together`)])) as Record<(typeof COMPONENT_ROLES)[number], ReturnType<typeof usd>>,
);

/** The limits a budget sets at the top level and in each checkpoint. */
const limitShape = {
  monthlyUsd: usd('Most the whole plan may cost'),
  infraMonthlyUsd: usd('Most the AWS infrastructure may cost'),
  llmMonthlyUsd: usd('Most the LLM may cost'),
  perUserMonthlyUsd: usd('Most the plan may cost per user'),
  components: z.optional(componentsSchema),
  maxIncreaseUsd: usd('Most the total may grow against the baseline'),
  maxIncreasePercent: z.optional(z.number().check(z.nonnegative()).register(z.globalRegistry, { description: 'Most the total may grow against the baseline, in percent' })),
};

export const LIMIT_KEYS = ['monthlyUsd', 'infraMonthlyUsd', 'llmMonthlyUsd', 'perUserMonthlyUsd', 'components', 'maxIncreaseUsd', 'maxIncreasePercent'] as const;

const checkpointSchema = z
  .strictObject({
    name: z.optional(z.string().check(z.minLength(1))),
    users: z.int().check(z.positive()).register(z.globalRegistry, { description: 'Users to plan this checkpoint for' }),
    ...limitShape,
  })
  .check(z.refine((c) => setsLimits(c), { message: `a checkpoint needs at least one limit: ${LIMIT_KEYS.join(', ')}`, path: ['users'] }));

export const budgetSchema = z
  .strictObject({
    $schema: z.optional(z.string()),
    profile: z.optional(z.string().check(z.minLength(1)).register(z.globalRegistry, { description: 'Profile to plan, relative to the budget file; --profile overrides it' })),
    users: z.optional(z.int().check(z.positive()).register(z.globalRegistry, { description: 'Users for the main plan; default: the profile\'s users; --users overrides it' })),
    ...limitShape,
    checkpoints: z.optional(z.array(checkpointSchema).check(z.minLength(1))),
  })
  .check(
    z.refine((b) => setsLimits(b) || (b.checkpoints?.length ?? 0) > 0, { message: `the budget sets no limits: give at least one of ${LIMIT_KEYS.join(', ')}, or checkpoints` }),
    z.superRefine((b, ctx) => {
      const seen = new Map<number, number>();
      b.checkpoints?.forEach((c, i) => {
        const first = seen.get(c.users);
        if (first !== undefined) ctx.issues.push({ code: 'custom', input: c.users, path: ['checkpoints', i, 'users'], message: `checkpoint ${first} already plans ${c.users} users` });
        else seen.set(c.users, i);
      });
    }),
  );

export type Budget = z.output<typeof budgetSchema>;
export type Checkpoint = NonNullable<Budget['checkpoints']>[number];
/** The limits of one plan: the budget's top level or one checkpoint. */
export type Limits = Pick<Budget, (typeof LIMIT_KEYS)[number]>;

function setsLimits(limits: Partial<Limits>): boolean {
  return LIMIT_KEYS.some((k) => (k === 'components' ? Object.values(limits.components ?? {}).some((v) => v !== undefined) : limits[k] !== undefined));
}

export function parseBudget(text: string, file: string): Budget {
  const result = parseYamlWithSchema(text, budgetSchema);
  if (!result.ok) throw new UserError(`invalid budget ${file}`, result.errors);
  return result.value;
}
