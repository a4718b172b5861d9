/**
 * Application Load Balancer and data transfer out. aws-llm-facts.md: ALB $0.0225 per hour + $0.008 per LCU-hour; one
 * LCU = the largest of 25 new connections/s, 3,000 active connections/minute, 1 GB/hour processed, 1,000 rule
 * evaluations/s. Data transfer out: first 100 GB/month free, then $0.09/GB up to 10 TB, $0.085 next 40 TB, $0.07 next
 * 100 TB (and $0.05 beyond 150 TB [S]).
 */
import { describe, expect, it } from 'vitest';
import { computeDemand } from '../../src/model/demand.js';
import { albComponent, albLcus, transferComponent, transferMicros } from '../../src/model/network.js';
import type { ProfileInput } from '../../src/profile/schema.js';
import { profileOf, usEast1 } from '../helpers/model.js';

const aws = () => usEast1().aws;

const base: ProfileInput = {
  traffic: { dailyActiveRatio: 0.3, peakConcurrentRatio: 0.1, sessionsPerActiveUserPerDay: 1.5, messagesPerSession: 12, secondsBetweenMessages: 30 },
  app: { responseKB: 8 },
};

describe('ALB capacity units', () => {
  it('snapshot LCU dimensions match the reference (25 new/s, 3,000 active/min, 1 GB/h, 1,000 rules/s)', () => {
    expect(aws().alb.lcu).toMatchObject({ newConnectionsPerSecond: 25, activeConnectionsPerMinute: 3000, processedGbPerHour: 1, ruleEvaluationsPerSecond: 1000 });
    expect(aws().alb.usdPerHour).toBe(0.0225);
    expect(aws().alb.usdPerLcuHour).toBe(0.008);
  });

  it.each([
    // [label, users, profile changes, LCU, µ$/month, hand calculation]
    [
      'processed bytes dominate',
      1000,
      {},
      0.096,
      16_985_640,
      'C = 100, λ = 3.333/s: processed 3.333 × 3600 × 8 KB = 0.096 GB/h → 0.096; new 100 / (12 × 30 s) / 25 = 0.011; active 100 / 3000 = 0.033. ' +
        '$ = 0.0225 × 730 = 16.425 + 0.096 × 730 × 0.008 = 0.56064',
    ],
    [
      'active connections dominate',
      1000,
      { app: { responseKB: 0.1 } },
      100 / 3000,
      16_619_667,
      'processed 3.333 × 3600 × 100 B = 0.0012 GB/h; active 100 / 3000 = 0.0333 LCU; 16.425 + 0.0333 × 730 × 0.008 = 0.194667',
    ],
    [
      'new connections dominate',
      1000,
      { traffic: { ...base.traffic, messagesPerSession: 1, secondsBetweenMessages: 1 } },
      4,
      39_785_000,
      'one-message sessions of 1 s: 100 new/s / 25 = 4 LCU (processed 100 × 3600 × 8 KB = 2.88 GB/h); 16.425 + 4 × 730 × 0.008 = 23.36',
    ],
    ['one million users', 1_000_000, {}, 96, 577_065_000, 'processed 3333.3 × 3600 × 8 KB = 96 GB/h → 96 LCU; 16.425 + 96 × 5.84 = 560.64'],
  ])('%s: %i users → %s LCU, %i µ$ (%s)', (_label, users, changes, lcus, micros, _how) => {
    const profile = profileOf({ ...base, ...changes });
    const demand = computeDemand(profile, { users });
    expect(albLcus(aws(), profile, demand)).toBeCloseTo(lcus, 9);
    const component = albComponent(aws(), profile, demand);
    expect(component.role).toBe('load-balancer');
    expect(component.monthlyMicros).toBe(micros);
  });
});

describe('data transfer out (first 100 GB free, then tiers)', () => {
  it.each([
    // [GB per month, µ$, hand calculation]
    [0, 0, 'nothing sent'],
    [50, 0, 'under the free 100 GB'],
    [100, 0, 'exactly the free 100 GB'],
    [101, 90_000, '1 GB × $0.09'],
    [1100, 90_000_000, '1000 GB × $0.09 = $90'],
    [1.314, 0, '1000 users of the default profile send 1.3 GB'],
    [10_240, 912_600_000, 'the whole first 10 TB tier: (10,240 − 100 free) × $0.09 = $912.60'],
  ])('%s GB → %i µ$ (%s)', (gb, micros) => {
    expect(transferMicros(aws(), gb)).toBe(micros);
  });

  // The tiers are by total monthly volume ("up to 10 TB", "next 40 TB", "greater than 150 TB"), and the free 100 GB is
  // part of the first 10 TB: the $0.085 tier starts at 10,240 GB sent, not at 10,340.
  it.each([
    [10_340, 921_100_000, '(10,240 − 100) × 0.09 = 912.60 + (10,340 − 10,240) × 0.085 = 8.50 → $921.10'],
    [60_000, 5_010_200_000, '912.60 + (51,200 − 10,240) × 0.085 = 3,481.60 + (60,000 − 51,200) × 0.07 = 616.00 → $5,010.20'],
    [200_000, 13_882_200_000, '912.60 + 3,481.60 + 102,400 × 0.07 = 7,168.00 + (200,000 − 153,600) × 0.05 = 2,320.00 → $13,882.20'],
  ])('tier boundaries by total volume: %i GB → %i µ$ (%s)', (gb, micros) => {
    expect(transferMicros(aws(), gb)).toBe(micros);
  });

  it('transferComponent prices the demand: 100 000 users × 0.3 × 1.5 × 12 × 30.42 days × 8 KB = 131.4 GB → 31.4 × $0.09 = $2.826', () => {
    const profile = profileOf(base);
    const demand = computeDemand(profile, { users: 100_000 });
    expect(demand.monthlyTransferGB).toBeCloseTo(131.4, 9);
    const component = transferComponent(aws(), demand);
    expect(component.role).toBe('transfer');
    expect(component.monthlyMicros).toBe(2_826_000);
  });
});
