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
import type { Catalogue } from '../../src/catalogue/schema.js';
import { catalogue, int, profileArb } from '../helpers/profile-arb.js';


interface Found {
  micros: number;
  /** Which configuration: app option × count, database class + replicas. */
  config: string;
}

/**
 * The cheapest feasible configuration of a phase by trying every one; undefined when none fits (or policy rules the
 * phase out). Ties go to the first found: app options in catalogue order, database classes by single-AZ price (as
 * the planner lists them), replica counts upward.
 */
function exhaustive(phase: PhaseId, profile: Profile, users: number, cat: Catalogue = catalogue): Found | undefined {
  const aws = cat.aws;
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
  const classes = Object.entries(aws.rds.postgres)
    .filter(([name]) => !profile.database.classes || profile.database.classes.includes(name))
    .sort((a, b) => a[1].singleAzUsdPerHour - b[1].singleAzUsdPerHour);
  const options = onFargate ? fargateOptions(aws) : ec2Options(aws, profile.app.ec2Types, phase === 'single-instance');
  let best: Found | undefined;
  for (const option of options) {
    const count = onFargate ? minimumCount(option, multiAz ? 2 : 1, appCtx) : 1;
    if (count === undefined || count > MAX_TASKS_PER_SERVICE) continue;
    const app = sizeApp(option, count, appCtx);
    if (!app.constraints.every((c) => c.ok)) continue;
    let dbName = '';
    let micros = monthlyMicrosFromHourly(option.usdPerHour) * count + (surplusCreditMicros(app, { profile, demand, aws })?.micros ?? 0);
    if (onFargate) micros += albComponent(aws, profile, demand).monthlyMicros;
    if (hasDatabase) {
      // Every class at every replica count the phase allows: the cheapest whose limits all hold.
      let db: { micros: number; name: string } | undefined;
      for (let replicas = phase === 'replicas' ? 1 : 0; replicas <= (phase === 'replicas' ? aws.rds.maxReadReplicas : 0); replicas++) {
        for (const [name, cls] of classes) {
          if (!databaseConstraints(name, cls, replicas, app.dbConnections, dbCtx).every((c) => c.ok)) continue;
          const m = databaseMicros(cls, replicas, dbCtx);
          if (db === undefined || m < db.micros) db = { micros: m, name: `${name}+${replicas}` };
        }
      }
      if (db === undefined) continue;
      dbName = db.name;
      micros += db.micros + chooseCache(aws, profile.redis.nodeTypes, app.redisConnections, { profile, demand, target, multiAz, explain: false }).micros;
    }
    if (best === undefined || micros < best.micros) best = { micros, config: `${option.type}×${count} ${dbName}` };
  }
  return best;
}

/** What the planner chose in a phase, in the reference's terms. */
const configOf = (best: NonNullable<ReturnType<typeof evaluatePhase>['best']>) => `${best.app.option.type}×${best.app.count} ${best.db ? `${best.db.className}+${best.db.replicas}` : ''}`;

/** The bundled catalogue with every price rounded coarsely, so that many configurations cost exactly the same. */
function tiedCatalogue(): Catalogue {
  const cat = structuredClone(catalogue);
  const round = (usd: number) => Math.max(0.01, Math.round(usd / 0.02) * 0.02);
  for (const spec of Object.values(cat.aws.ec2)) spec.usdPerHour = round(spec.usdPerHour);
  for (const cls of Object.values(cat.aws.rds.postgres)) {
    cls.singleAzUsdPerHour = round(cls.singleAzUsdPerHour);
    cls.multiAzUsdPerHour = round(cls.multiAzUsdPerHour);
  }
  for (const node of Object.values(cat.aws.elasticache.nodes)) node.usdPerHour = round(node.usdPerHour);
  cat.aws.fargate.x86.usdPerVcpuHour = 0.04;
  cat.aws.fargate.x86.usdPerGbHour = 0.005;
  return cat;
}

describe('the pruned search finds what an exhaustive search finds', () => {
  it.each([
    ['the bundled catalogue', catalogue],
    ['a catalogue full of price ties', tiedCatalogue()],
  ])('each phase, %s: the same cheapest feasible cost and configuration (ties to the first), or none', (_, cat) => {
    fc.assert(
      fc.property(profileArb, int(1, 1_000_000), fc.constantFrom(...PHASES), (profile, users, phase) => {
        const ctx: PhaseContext = { profile, aws: cat.aws, demand: computeDemand(profile, { users }), target: profile.targets.utilization, explain: false };
        const best = evaluatePhase(phase, ctx).best;
        const expected = exhaustive(phase, profile, users, cat);
        expect(best?.infraMicros).toBe(expected?.micros);
        if (best) expect(configOf(best)).toBe(expected!.config);
      }),
      { numRuns: 400, seed: 20_261_125 },
    );
  });

  it('the plan: the lowest feasible phase, and the cheapest configuration at or above it (a lower phase wins a tie)', () => {
    fc.assert(
      fc.property(profileArb, int(1, 1_000_000), fc.boolean(), (profile, users, tied) => {
        const cat = tied ? tiedCatalogueOnce() : catalogue;
        const found = PHASES.map((phase) => exhaustive(phase, profile, users, cat));
        const lowest = found.findIndex((c) => c !== undefined);
        fc.pre(lowest !== -1);
        const plan = planCapacity(profile, cat, { users, skipBreakpoint: true });
        expect(plan.phase.id).toBe(PHASES[lowest]);
        let cheapest = lowest;
        for (let k = lowest + 1; k < PHASES.length; k++) if (found[k] && found[k]!.micros < found[cheapest]!.micros) cheapest = k;
        const transfer = plan.components.find((c) => c.role === 'transfer')!.monthlyMicros;
        expect(plan.totals.infraMonthlyMicros - transfer).toBe(found[cheapest]!.micros);
        expect(plan.phase.configuredAs).toBe(PHASES[cheapest]);
      }),
      { numRuns: 300, seed: 20_261_126 },
    );
  });
});

let tied: Catalogue | undefined;
const tiedCatalogueOnce = (): Catalogue => (tied ??= tiedCatalogue());
