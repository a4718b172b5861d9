/**
 * The sampler writes each sample into one private profile copy and plans it through planOutcome, whose search keeps
 * memos (per catalogue and topology). Each sampled outcome must equal planning a fresh copy of that sample with
 * planCapacity: a memo that kept a value of an earlier sample would show here. The ranges cover the fields those
 * memos and floors could depend on: storage, availability across 99.9 % (Multi-AZ), the utilisation target, pools.
 */
import { describe, expect, it } from 'vitest';
import { planCapacity } from '../../src/model/planner.js';
import { PHASES } from '../../src/model/types.js';
import { parseProfileWithRanges } from '../../src/profile/load.js';
import { sampleOutcomes } from '../../src/uncertainty/uncertain.js';
import { profileJsonSchemaOnce, usEast1 } from '../helpers/model.js';

const PROFILE = `name: in-place
traffic:
  peakConcurrentRatio: {low: 0.02, mid: 0.1, high: 0.4}
conversation:
  threadBytes: {low: 20KB, mid: 100KB, high: 400KB}
database:
  storageGB: {low: 20, mid: 200, high: 2000}
  poolSizePerWorker: {low: 2, mid: 10, high: 20}
  maxOverflowPerWorker: {low: 0, mid: 10, high: 20}
redis:
  poolSizePerWorker: {low: 1, mid: 10, high: 30}
targets:
  availability: {low: 99.5, mid: 99.9, high: 99.99}
  utilization: {low: 0.5, mid: 0.7, high: 0.9}
llm:
  provider: openai
  model: gpt-4.1-mini
  tokensPerReply: {low: 100, mid: 250, high: 800}
`;

describe('samples planned in place equal fresh plans of the same values', () => {
  it.each([300, 3_000, 30_000, 300_000])('at %i users, 400 samples', (users) => {
    const catalogue = usEast1();
    const { profile, ranges } = parseProfileWithRanges(PROFILE, 'in-place.yaml', { users });
    expect(ranges).toHaveLength(9);
    const phases = new Set<number>();
    let count = 0;
    sampleOutcomes(profile, ranges, catalogue, { samples: 400, seed: 7, users, profileJsonSchema: profileJsonSchemaOnce() }, (sample, outcome) => {
      const fresh = planCapacity(structuredClone(sample), catalogue, { users, skipBreakpoint: true });
      expect(PHASES[outcome.phaseIndex]).toBe(fresh.phase.id);
      expect(outcome.infraMicros).toBe(fresh.totals.infraMonthlyMicros);
      expect(outcome.llmMicros).toBe(fresh.totals.llmMonthlyMicros);
      expect(outcome.constraints.map((c) => [c.id, c.utilization])).toEqual(fresh.constraints.map((c) => [c.id, c.utilization]));
      phases.add(outcome.phaseIndex);
      count++;
    });
    expect(count).toBe(400);
    // The samples move between phases (availability crosses 99.9 %), so memos are exercised across topologies.
    if (users >= 3_000) expect(phases.size).toBeGreaterThan(1);
  });
});
