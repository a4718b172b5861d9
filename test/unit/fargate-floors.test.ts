/**
 * The floors under the Fargate phases that let the planner skip them under a cheaper lower phase. Prices from the
 * bundled us-east-1 snapshot (aws-llm-facts.md): ALB $0.0225/h + $0.008 per LCU-hour; cache.t4g.micro $0.016/h;
 * Fargate x86 $0.04048 per vCPU-hour + $0.004445 per GB-hour; db.t4g.micro $0.016/h single-AZ (2 vCPU, 10 %
 * baseline); gp3 storage $0.115/GB-month, 20 GB minimum; RDS Proxy $0.015 per vCPU-hour, at least 2 vCPU. A month is
 * 730 hours.
 */
import { describe, expect, it } from 'vitest';
import { evaluatePhase, type PhaseContext } from '../../src/model/candidates.js';
import { computeDemand } from '../../src/model/demand.js';
import { FARGATE_PHASES, fargateFloorsMicros, fargatePhasesUnderBound } from '../../src/model/fargate-floors.js';
import { planOutcome } from '../../src/model/planner.js';
import { PHASES } from '../../src/model/types.js';
import type { Profile } from '../../src/profile/schema.js';
import { bundledProfile, usEast1, withOverrides } from '../helpers/model.js';

const contextAt = (profile: Profile, users: number): PhaseContext => ({ profile, aws: usEast1().aws, demand: computeDemand(profile, { users }), target: profile.targets.utilization, explain: false });

describe('Fargate phase floors', () => {
  it('the Fargate phases are the last three phases, in order', () => {
    expect(PHASES.slice(-FARGATE_PHASES.length)).toEqual(FARGATE_PHASES);
  });

  it('the default profile at 500 users: each floor by hand', () => {
    // Peak: 500 × 0.1 = 50 concurrent users, 50 / 30 s = 5/3 messages/s; 5/3 × 6 queries × 4 ms = 0.04 queries in
    // flight and 0.04 vCPU of query CPU.
    // ALB: LCUs = max(50 / (12 × 30 s) / 25, 50 / 3000, 5/3 × 3600 × 8 KB / 1 GB) = 0.048:
    //   0.0225 × 730 = $16.425, + 0.048 × 730 × 0.008 = $0.28032.
    const loadBalancer = 16_425_000 + 280_320;
    // One cache.t4g.micro: 0.016 × 730 = $11.68.
    const cache = 11_680_000;
    // Tasks: app CPU 5/3 × 30 ms / 0.7 = 0.071 vCPU and a pool of 0.04 / 0.7 connections fit one 0.25-vCPU task.
    // Its cheapest size that runs a worker is 1 GB (0.5 GB leaves 0.7 × (512 MiB − 300 MB) < 250 MB):
    //   (0.25 × 0.04048 + 1 × 0.004445) × 730 = $10.63245.
    const task = 10_632_450;
    // Databases: db.t4g.micro sustains 2 × 10 % = 0.2 vCPU ≥ 0.04 / 0.7, at 0.016 × 730 = $11.68, with 20 GB of storage
    // at $0.115 = $2.30 each; the proxy bills 2 vCPU × 0.015 × 730 = $21.90; the replicas phase adds one replica and
    // its storage.
    const ecsDatabase = 11_680_000 + 2_300_000;
    const proxyDatabase = ecsDatabase + 21_900_000;
    const replicasDatabase = proxyDatabase + 11_680_000 + 2_300_000;
    const shared = loadBalancer + cache + task;
    const floors = fargateFloorsMicros(contextAt(bundledProfile('default'), 500), new Float64Array(3));
    expect([...floors]).toEqual([shared + ecsDatabase, shared + proxyDatabase, shared + replicasDatabase]);
  });

  it('each floor is at most the cheapest configuration the phase search finds', () => {
    const profile = bundledProfile('default');
    for (const users of [50, 500, 5_000, 50_000, 500_000]) {
      const ctx = contextAt(profile, users);
      const floors = fargateFloorsMicros(ctx, new Float64Array(3));
      FARGATE_PHASES.forEach((phase, k) => {
        const best = evaluatePhase(phase, contextAt(profile, users)).best;
        if (best) expect(floors[k]).toBeLessThanOrEqual(best.infraMicros);
      });
    }
  });

  it('rules out every Fargate phase under the default plan at 500 users, and none under a bound above their floors', () => {
    const profile = bundledProfile('default');
    const outcome = planOutcome(profile, usEast1(), 500);
    expect(PHASES[outcome.phaseIndex]).toBe('rds');
    // The rds configuration (before data transfer) costs less than the lowest Fargate floor.
    expect(fargatePhasesUnderBound(contextAt(profile, 500), outcome.candidate.infraMicros)).toBe(0);
    expect(fargatePhasesUnderBound(contextAt(profile, 500), 1e12)).toBe(0b111);
  });

  it('leave every phase open under any bound when a pool of no connections meets no queries (a floor cannot be told)', () => {
    // The tasks' pool need is then 0 / 0 connections: NaN floors, which never rule a phase out, even under a bound
    // below what any Fargate configuration costs at any load.
    const profile = withOverrides(bundledProfile('default'), { database: { poolSizePerWorker: 0, maxOverflowPerWorker: 0, queriesPerMessage: 0 } });
    expect([...fargateFloorsMicros(contextAt(profile, 500), new Float64Array(3))].every(Number.isNaN)).toBe(true);
    expect(fargatePhasesUnderBound(contextAt(profile, 500), 1)).toBe(0b111);
  });

  it.each([
    ['database.storageGB', (p: Profile) => (p.database.storageGB = 200)],
    ['app.processBaseMB', (p: Profile) => (p.app.processBaseMB = 900)],
    ['app.systemReservedMB', (p: Profile) => (p.app.systemReservedMB = 3000)],
    ['app.workersPerVcpu', (p: Profile) => (p.app.workersPerVcpu = 8)],
    ['the DB pool per worker', (p: Profile) => ((p.database.poolSizePerWorker = 0.01), (p.database.maxOverflowPerWorker = 0))],
    ['targets.utilization', (p: Profile) => (p.targets.utilization = 0.3)],
    ['database.readShare', (p: Profile) => (p.database.readShare = 0.99)],
  ])('follow %s when a sampler changes it in place: as on a fresh copy', (_, change) => {
    const users = 40_000;
    const sample = structuredClone(bundledProfile('default'));
    const floorsOf = (profile: Profile) => [...fargateFloorsMicros(contextAt(profile, users), new Float64Array(3))];
    const before = floorsOf(sample);
    change(sample);
    const after = floorsOf(sample);
    // Floors of another profile in between, so that the copy's are built afresh.
    floorsOf(withOverrides(bundledProfile('default'), { targets: { availability: 99.95 }, database: { classes: ['db.r6g.large'] } }));
    expect(after).toEqual(floorsOf(structuredClone(sample)));
    expect(after).not.toEqual(before);
  });

  it.each([
    ['database.storageGB', (p: Profile) => (p.database.storageGB = 10_000), (p: Profile) => (p.database.storageGB = 20)],
    ['app.processBaseMB', (p: Profile) => (p.app.processBaseMB = 3000), (p: Profile) => (p.app.processBaseMB = 250)],
  ])('rule phases out by a load-free floor that follows %s when a sampler changes it in place', (_, before, after) => {
    // The load-free floor at the first value is far above the floors at the second: kept by mistake, it would rule
    // out phases whose floors are under the bound. (A storage no other case uses, so that the first call builds it.)
    const users = 500;
    const sample = structuredClone(bundledProfile('default'));
    sample.database.storageGB = 37;
    before(sample);
    fargatePhasesUnderBound(contextAt(sample, users), 0);
    after(sample);
    const floors = fargateFloorsMicros(contextAt(sample, users), new Float64Array(3));
    // Just above the ecs floor at the second value: ecs is open, as its floor says.
    expect(fargatePhasesUnderBound(contextAt(sample, users), floors[0]! + 1) & 1).toBe(1);
  });

  it('Multi-AZ doubles the minimum tasks and the cache nodes', () => {
    const profile = bundledProfile('default');
    const single = fargateFloorsMicros(contextAt(profile, 500), new Float64Array(3));
    const multi = fargateFloorsMicros(contextAt(withOverrides(profile, { targets: { availability: 99.95 } }), 500), new Float64Array(3));
    // The ecs database is then Multi-AZ: db.t4g.micro at $0.032/h and storage at $0.23/GB-month.
    const extra = 10_632_450 + 11_680_000 + (23_360_000 - 11_680_000) + (4_600_000 - 2_300_000);
    expect(multi[0]! - single[0]!).toBe(extra);
  });
});
