/**
 * The planner prunes its search (options visited cheapest first, stopped by a cost floor; higher phases searched
 * under the lower phase's cost). This holds it to a plain exhaustive search written here from the design's rules:
 * every app option at its minimum count, every database class and replica count, the cheapest cache, the cheapest
 * feasible total.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ec2Options, fargateOptions, minimumCount, sizeApp, surplusCreditMicros } from '../../src/model/app.js';
import { chooseCache } from '../../src/model/cache.js';
import { evaluatePhase, HIGH_AVAILABILITY, MAX_TASKS_PER_SERVICE, type PhaseContext } from '../../src/model/candidates.js';
import { databaseConstraints, databaseMicros } from '../../src/model/database.js';
import { computeDemand } from '../../src/model/demand.js';
import { monthlyMicrosFromHourly } from '../../src/model/money.js';
import { albComponent } from '../../src/model/network.js';
import { planCapacity } from '../../src/model/planner.js';
import { PHASES, type PhaseId } from '../../src/model/types.js';
import type { Profile } from '../../src/profile/schema.js';
import { catalogue, int, profileArb } from '../helpers/profile-arb.js';

const aws = catalogue.aws;

/** The cheapest feasible configuration of a phase by trying every one; undefined when none fits (or policy rules the phase out). */
function exhaustiveCheapest(phase: PhaseId, profile: Profile, users: number): number | undefined {
  const { durability, availability } = profile.targets;
  if (phase === 'single-instance' && durability === 'required') return undefined;
  if ((phase === 'single-instance' || phase === 'rds') && availability >= HIGH_AVAILABILITY) return undefined;
  const demand = computeDemand(profile, { users });
  const target = profile.targets.utilization;
  const hasDatabase = phase !== 'single-instance';
  const onFargate = phase === 'ecs' || phase === 'proxy' || phase === 'replicas';
  const multiAz = onFargate && availability >= HIGH_AVAILABILITY;
  const proxy = phase === 'proxy' || phase === 'replicas';
  const appCtx = { profile, demand, holdsAllThreads: !hasDatabase, hasDatabase, target, explain: false };
  const dbCtx = { profile, demand, aws, target, multiAz, proxy, explain: false };
  const classes = Object.entries(aws.rds.postgres).filter(([name]) => !profile.database.classes || profile.database.classes.includes(name));
  const options = onFargate ? fargateOptions(aws) : ec2Options(aws, profile.app.ec2Types, phase === 'single-instance');
  let best: number | undefined;
  for (const option of options) {
    const count = onFargate ? minimumCount(option, multiAz ? 2 : 1, appCtx) : 1;
    if (count === undefined || count > MAX_TASKS_PER_SERVICE) continue;
    const app = sizeApp(option, count, appCtx);
    if (!app.constraints.every((c) => c.ok)) continue;
    let micros = monthlyMicrosFromHourly(option.usdPerHour) * count + (surplusCreditMicros(app, { profile, demand, aws })?.micros ?? 0);
    if (onFargate) micros += albComponent(aws, profile, demand).monthlyMicros;
    if (hasDatabase) {
      // Every class at every replica count the phase allows: the cheapest whose limits all hold.
      let dbMicros: number | undefined;
      for (let replicas = phase === 'replicas' ? 1 : 0; replicas <= (phase === 'replicas' ? aws.rds.maxReadReplicas : 0); replicas++) {
        for (const [name, cls] of classes) {
          if (!databaseConstraints(name, cls, replicas, app.dbConnections, dbCtx).every((c) => c.ok)) continue;
          const m = databaseMicros(cls, replicas, dbCtx);
          if (dbMicros === undefined || m < dbMicros) dbMicros = m;
        }
      }
      if (dbMicros === undefined) continue;
      micros += dbMicros + chooseCache(aws, profile.redis.nodeTypes, app.redisConnections, { profile, demand, target, multiAz, explain: false }).micros;
    }
    if (best === undefined || micros < best) best = micros;
  }
  return best;
}

describe('the pruned search finds what an exhaustive search finds', () => {
  it('each phase: the same cheapest feasible cost, or none', () => {
    fc.assert(
      fc.property(profileArb, int(1, 1_000_000), fc.constantFrom(...PHASES), (profile, users, phase) => {
        const ctx: PhaseContext = { profile, aws, demand: computeDemand(profile, { users }), target: profile.targets.utilization, explain: false };
        expect(evaluatePhase(phase, ctx).best?.infraMicros).toBe(exhaustiveCheapest(phase, profile, users));
      }),
      { numRuns: 400, seed: 20_261_125 },
    );
  });

  it('the plan: the lowest feasible phase, and the cheapest configuration at or above it', () => {
    fc.assert(
      fc.property(profileArb, int(1, 1_000_000), (profile, users) => {
        const costs = PHASES.map((phase) => exhaustiveCheapest(phase, profile, users));
        const lowest = costs.findIndex((c) => c !== undefined);
        fc.pre(lowest !== -1);
        const plan = planCapacity(profile, catalogue, { users, skipBreakpoint: true });
        expect(plan.phase.id).toBe(PHASES[lowest]);
        const cheapest = Math.min(...costs.slice(lowest).filter((c): c is number => c !== undefined));
        const transfer = plan.components.find((c) => c.role === 'transfer')!.monthlyMicros;
        expect(plan.totals.infraMonthlyMicros - transfer).toBe(cheapest);
      }),
      { numRuns: 300, seed: 20_261_126 },
    );
  });
});
