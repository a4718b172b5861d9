/**
 * The uncertain plan samples thousands of profiles through planOutcome, a lean path that skips the explanations,
 * components and breakpoint search of planCapacity. Its figures must be planCapacity's, for any profile and users.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planCapacity, planOutcome } from '../../src/model/planner.js';
import { PHASES } from '../../src/model/types.js';
import { UserError } from '../../src/errors.js';
import { catalogue, int, profileArb } from '../helpers/profile-arb.js';

const SEED = 20_261_124;

describe('planOutcome equals planCapacity', () => {
  it('phase, infrastructure and LLM cost, and every constraint (id, required, capacity, utilisation, ok)', () => {
    fc.assert(
      fc.property(profileArb, int(1, 1_000_000), (profile, users) => {
        let plan;
        try {
          plan = planCapacity(profile, catalogue, { users, skipBreakpoint: true });
        } catch (error) {
          // When nothing can run the app, the lean path raises the same user error.
          expect(error).toBeInstanceOf(UserError);
          expect(() => planOutcome(profile, catalogue, users)).toThrow((error as Error).message);
          return;
        }
        const outcome = planOutcome(profile, catalogue, users);
        expect(PHASES[outcome.phaseIndex]).toBe(plan.phase.id);
        expect(outcome.infraMicros).toBe(plan.totals.infraMonthlyMicros);
        expect(outcome.llmMicros).toBe(plan.totals.llmMonthlyMicros);
        const figures = (cs: Readonly<typeof plan.constraints>) => cs.map(({ id, required, capacity, utilization, ok }) => ({ id, required, capacity, utilization, ok }));
        expect(figures(outcome.constraints)).toEqual(figures(plan.constraints));
      }),
      { numRuns: 600, seed: SEED },
    );
  });
});
