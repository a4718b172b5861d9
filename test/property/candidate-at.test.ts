/**
 * A sweep costs the user counts between two plans with the same configuration through candidateAt: the configuration
 * kept, its cost and limits computed at the new load. At the load it was found at, that must give back exactly what
 * the search found; at another load, exactly what the search reports for that configuration when it keeps it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidateAt, type Candidate } from '../../src/model/candidates.js';
import { computeDemand } from '../../src/model/demand.js';
import { planOutcome } from '../../src/model/planner.js';
import { UserError } from '../../src/errors.js';
import type { Profile } from '../../src/profile/schema.js';
import { catalogue, int, profileArb } from '../helpers/profile-arb.js';

const SEED = 20_261_123;

const contextAt = (profile: Profile, users: number) => ({ profile, aws: catalogue.aws, demand: computeDemand(profile, { users }), target: profile.targets.utilization, explain: false, loadBalancerMicros: undefined });

const configurationOf = (c: Candidate) => [c.phase, c.app.option.type, c.app.count, c.db?.className, c.db?.replicas, c.db?.multiAz, c.db?.proxy, c.cache?.nodeType, c.cache?.shards].join('|');
const figuresOf = (c: Candidate) => ({ infraMicros: c.infraMicros, feasible: c.feasible, constraints: c.constraints.map(({ id, required, capacity, utilization, ok }) => ({ id, required, capacity, utilization, ok })) });

function outcomeOrUndefined(profile: Profile, users: number) {
  try {
    return planOutcome(profile, catalogue, users);
  } catch (error) {
    if (error instanceof UserError) return undefined; // nothing can run the app at this load
    throw error;
  }
}

describe('candidateAt', () => {
  it('at the load the search ran at, gives back the search’s candidate: cost, feasibility and every limit', () => {
    fc.assert(
      fc.property(profileArb, int(1, 1_000_000), (profile, users) => {
        const found = outcomeOrUndefined(profile, users)?.candidate;
        if (!found) return;
        expect(figuresOf(candidateAt(found, contextAt(profile, users)))).toEqual(figuresOf(found));
      }),
      { numRuns: 400, seed: SEED },
    );
  });

  it('at another load where the search keeps the same configuration, gives the search’s figures there', () => {
    let compared = 0;
    fc.assert(
      fc.property(profileArb, int(1, 200_000), fc.double({ min: 1, max: 1.2, noNaN: true }), (profile, users, growth) => {
        const before = outcomeOrUndefined(profile, users)?.candidate;
        const later = Math.round(users * growth);
        const after = outcomeOrUndefined(profile, later)?.candidate;
        if (!before || !after || !before.feasible || configurationOf(before) !== configurationOf(after)) return;
        compared++;
        expect(figuresOf(candidateAt(before, contextAt(profile, later)))).toEqual(figuresOf(after));
      }),
      { numRuns: 400, seed: SEED },
    );
    // Most draws keep their configuration over a 20 % step: the property is not vacuous.
    expect(compared).toBeGreaterThan(100);
  });
});
