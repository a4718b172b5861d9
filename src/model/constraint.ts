import type { Constraint, ConstraintId } from './types.js';

/**
 * A limit with its utilisation; a limit of zero capacity with any demand reports utilisation 1e6 (no room at all).
 * Utilisation is rounded to 12 decimals, so a load exactly at the target (105 × 0.2 = 21.000000000000004 in
 * floating point) counts as at it, not over it.
 */
export function constraint(id: ConstraintId, required: number, capacity: number, unit: string, target: number, detail = ''): Constraint {
  const utilization = utilizationOf(required, capacity);
  return { id, required, capacity, unit, utilization, ok: utilization <= target, detail };
}

/** required / capacity rounded to 12 decimals (see `constraint`); the search calls it dozens of times per plan. */
export function utilizationOf(required: number, capacity: number): number {
  return capacity > 0 ? Math.round((required / capacity) * 1e12) / 1e12 : required > 0 ? 1e6 : 0;
}

/** How far the worst limit is past its target: ≤ 1 means every limit holds. */
export function pressure(constraints: readonly Constraint[], target: number): number {
  let worst = 0;
  for (const c of constraints) worst = Math.max(worst, c.utilization / target);
  return worst;
}

export function worstConstraint(constraints: readonly Constraint[]): Constraint | undefined {
  let worst: Constraint | undefined;
  for (const c of constraints) if (!worst || c.utilization > worst.utilization) worst = c;
  return worst;
}
