/**
 * The gate: plan the main user count and each checkpoint, evaluate their limits, diff each against its baseline, and
 * reach one verdict. Pure: planning is passed in, files are read by the CLI.
 */
import { UserError } from '../errors.js';
import type { Plan } from '../model/plan.js';
import type { Baseline } from './baseline.js';
import type { Budget, Limits } from './budget.js';
import { diffPlans, type PlanDiff } from './diff.js';
import { evaluateRules, type RuleResult, type SkippedRule } from './rules.js';

export const GATE_SCHEMA_VERSION = 1;

export interface GatePlan {
  /** `main`, or the checkpoint's path in the budget (`checkpoints.0`). */
  id: string;
  name?: string;
  plan: Plan;
  rules: RuleResult[];
  skipped: SkippedRule[];
  diff: PlanDiff | null;
}

export interface GateReport {
  budget: string;
  profile: { name: string; file: string };
  baselines: string[];
  verdict: 'pass' | 'fail';
  plans: GatePlan[];
}

export interface GateInput {
  budget: Budget;
  budgetFile: string;
  profileFile: string;
  /** Users of the main plan: --users, else the budget's users, else the profile's. */
  mainUsers: number;
  /** The plan at a user count, as `capacity plan --users N` makes it. */
  planAt: (users: number) => Plan;
  baselines: Baseline[];
}

export function runGate(input: GateInput): GateReport {
  const { budget } = input;
  const targets: { id: string; name?: string; users: number; limits: Limits }[] = [
    { id: 'main', users: input.mainUsers, limits: budget },
    ...(budget.checkpoints ?? []).map((c, i) => ({ id: `checkpoints.${i}`, ...(c.name ? { name: c.name } : {}), users: c.users, limits: c })),
  ];
  const assigned = assignBaselines(targets, input.baselines);
  const plans = targets.map((t): GatePlan => {
    const plan = input.planAt(t.users);
    const baseline = assigned.get(t.id);
    const { rules, skipped } = evaluateRules({ plan, id: t.id, limits: t.limits, ...(baseline ? { baseline: baseline.plan } : {}) });
    return { id: t.id, ...(t.name ? { name: t.name } : {}), plan, rules, skipped, diff: baseline ? diffPlans(baseline, plan) : null };
  });
  const failed = plans.some((p) => p.rules.some((r) => !r.ok));
  return {
    budget: input.budgetFile,
    profile: { name: plans[0]!.plan.profile.name, file: input.profileFile },
    baselines: input.baselines.map((b) => b.file),
    verdict: failed ? 'fail' : 'pass',
    plans,
  };
}

/**
 * Each baseline applies to every plan of the same user count. A single baseline that matches none (the pull request
 * changed the user count, say) applies to the main plan; with several, each must match a plan.
 */
export function assignBaselines(targets: { id: string; users: number }[], baselines: Baseline[]): Map<string, Baseline> {
  const assigned = new Map<string, Baseline>();
  for (const baseline of baselines) {
    const users = baseline.plan.demand.users;
    let matches = targets.filter((t) => t.users === users);
    if (matches.length === 0) {
      if (baselines.length > 1) {
        throw new UserError(
          `baseline ${baseline.file} plans ${users} users, and no plan of this gate does`,
          [],
          `the gate plans ${targets.map((t) => `${t.users} (${t.id})`).join(', ')} users; save each baseline with capacity plan --users N`,
        );
      }
      matches = targets.filter((t) => t.id === 'main');
    }
    for (const t of matches) {
      const other = assigned.get(t.id);
      if (other) throw new UserError(`baselines ${other.file} and ${baseline.file} both plan ${users} users; give one baseline per user count`);
      assigned.set(t.id, baseline);
    }
  }
  return assigned;
}
