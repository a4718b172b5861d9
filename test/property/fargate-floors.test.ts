/**
 * The planner skips a Fargate phase under a lower phase's cost when fargatePhasesUnderBound rules it out, without
 * searching it. That is sound only if each floor is at most the cost of every configuration the phase could choose:
 * here, at most the cheapest one its full search finds (which search.test.ts holds to an exhaustive search).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluatePhase, type PhaseContext } from '../../src/model/candidates.js';
import { computeDemand } from '../../src/model/demand.js';
import { FARGATE_PHASES, fargateFloorsMicros, fargatePhasesUnderBound } from '../../src/model/fargate-floors.js';
import { catalogue, int, profileArb } from '../helpers/profile-arb.js';

describe('Fargate phase floors', () => {
  it('never rule out a phase that has a configuration cheaper than the bound', () => {
    let compared = 0;
    fc.assert(
      fc.property(profileArb, int(1, 1_000_000), (profile, users) => {
        const ctx = (): PhaseContext => ({ profile, aws: catalogue.aws, demand: computeDemand(profile, { users }), target: profile.targets.utilization, explain: false });
        const floors = fargateFloorsMicros(ctx(), new Float64Array(FARGATE_PHASES.length));
        FARGATE_PHASES.forEach((phase, k) => {
          const best = evaluatePhase(phase, ctx()).best;
          if (!best) return;
          compared++;
          expect(floors[k]).toBeLessThanOrEqual(best.infraMicros);
          // Under any bound above that configuration's cost the phase stays open.
          expect(fargatePhasesUnderBound(ctx(), best.infraMicros + 1) & (1 << k)).not.toBe(0);
        });
      }),
      { numRuns: 500, seed: 20_261_203 },
    );
    // The profiles reach configurable Fargate phases often enough for the property to mean something.
    expect(compared).toBeGreaterThan(500);
  });

  it('leave open exactly the phases whose floor is below the bound, whatever the bound', () => {
    // fargatePhasesUnderBound may answer before working out the load's floors (when the bound is under what any
    // Fargate phase costs at any load); the answer must be the one the floors give. Bounds at, just under and just
    // over each floor, far from all of them, infinite and NaN.
    fc.assert(
      fc.property(profileArb, int(1, 1_000_000), fc.double({ min: 0, max: 1e10, noNaN: true }), (profile, users, randomBound) => {
        const ctx = (): PhaseContext => ({ profile, aws: catalogue.aws, demand: computeDemand(profile, { users }), target: profile.targets.utilization, explain: false });
        const floors = fargateFloorsMicros(ctx(), new Float64Array(FARGATE_PHASES.length));
        const bounds = [Number.NEGATIVE_INFINITY, 0, 1, randomBound, Number.POSITIVE_INFINITY, Number.NaN, ...[...floors].flatMap((f) => [f - 1, f, f + 1])];
        for (const bound of bounds) {
          const expected = [...floors].reduce((bits, floor, k) => (floor >= bound ? bits : bits | (1 << k)), 0);
          expect(fargatePhasesUnderBound(ctx(), bound)).toBe(expected);
        }
      }),
      { numRuns: 300, seed: 20_261_203 },
    );
  });
});
