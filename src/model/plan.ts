/** The Plan: the one object every renderer, the gate and the check consume. `--format json` prints it as is. */
import type { Profile } from '../profile/schema.js';
import type { Breakpoint, Component, Constraint, ConstraintId, Demand, PhaseId, Rejection } from './types.js';

export const PLAN_SCHEMA_VERSION = 1;

export interface Plan {
  schemaVersion: typeof PLAN_SCHEMA_VERSION;
  kind: 'capacity-plan';
  profile: Profile;
  pricing: { snapshot: string; region: string; date: string; llmCatalogue: string; llmDate: string };
  demand: Demand;
  phase: {
    id: PhaseId;
    description: string;
    reason: string;
    /** The phase whose topology the components follow; differs from `id` when a higher phase is cheaper. */
    configuredAs: PhaseId;
  };
  components: Component[];
  constraints: Constraint[];
  /** The constraint with the highest utilisation. */
  binding: ConstraintId | null;
  rejected: Rejection[];
  totals: {
    infraMonthlyUsd: number;
    llmMonthlyUsd: number;
    monthlyUsd: number;
    perUserMonthlyUsd: number;
    infraMonthlyMicros: number;
    llmMonthlyMicros: number;
    monthlyMicros: number;
  };
  nextBreakpoint: Breakpoint | null;
  warnings: string[];
}
