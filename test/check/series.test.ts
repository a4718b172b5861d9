/** Datapoints → values: conversions, ALB zero-fill, and peaks (max, and p99 by nearest rank). */
import { describe, expect, it } from 'vitest';
import { metricSpecs } from '../../src/check/queries.js';
import { busiest, peakOf, pointsOf, valueAtOrMax } from '../../src/check/series.js';
import type { MetricSpec, Series } from '../../src/check/types.js';

const W = { startSeconds: 0, endSeconds: 3600, periodSeconds: 900 };
const specs = metricSpecs({ alb: { loadBalancer: 'app/a/1' }, ecs: { cluster: 'c', service: 's' }, rds: { proxy: 'p' } });
const spec = (id: string) => specs.find((s) => s.id === id)!;
const series = (timestamps: number[], values: number[]): Series => ({ timestamps, values, statusCodes: ['Complete'], messages: [] });

describe('pointsOf', () => {
  it('turns a Sum of requests into requests per second: 27,000 in 900 s is 30/s', () => {
    expect(pointsOf(spec('alb_requests'), series([0], [27_000]), W)[0]).toEqual({ t: 0, v: 30 });
  });

  it('turns ActiveConnectionCount into client connections: one-minute sums over 15 minutes, halved (client + target side)', () => {
    // 300 clients hold 300 client-side and 300 target-side connections: 600 a minute, 9,000 over 15 minutes.
    expect(pointsOf(spec('alb_connections'), series([0], [9_000]), W)[0]!.v).toBe(300);
  });

  it('turns RDS Proxy ClientConnections sums into connections: 900 over 15 one-minute readings is 60', () => {
    expect(pointsOf(spec('proxy_clients'), series([900], [900]), W)[0]!.v).toBe(60);
  });

  it('fills periods with no ALB datapoint with zero (AWS publishes ALB counts only while traffic flows)', () => {
    expect(pointsOf(spec('alb_requests'), series([1800], [9_000]), W).map((p) => p.v)).toEqual([0, 0, 10, 0]);
    expect(pointsOf(spec('alb_requests'), undefined, W).map((p) => p.v)).toEqual([0, 0, 0, 0]);
  });

  it('leaves other metrics without the missing periods: no data is not zero', () => {
    expect(pointsOf(spec('app_cpu'), series([1800], [40]), W)).toEqual([{ t: 1800, v: 40 }]);
    expect(pointsOf(spec('app_cpu'), undefined, W)).toEqual([]);
  });

  it('sorts, and keeps the last of duplicated timestamps (overlapping pages)', () => {
    expect(pointsOf(spec('app_cpu'), series([900, 0, 900], [1, 2, 3]), W)).toEqual([
      { t: 0, v: 2 },
      { t: 900, v: 3 },
    ]);
  });
});

describe('peakOf', () => {
  const points = (values: number[]) => values.map((v, t) => ({ t, v }));
  it('p99 is the ⌈0.99·n⌉-th smallest value', () => {
    const hundred = points(Array.from({ length: 100 }, (_, i) => i + 1)); // 1..100: the 99th smallest is 99
    expect(peakOf(hundred, 'p99')).toBe(99);
    const twoHundred = points(Array.from({ length: 200 }, (_, i) => 200 - i)); // ⌈198⌉ → 198
    expect(peakOf(twoHundred, 'p99')).toBe(198);
    expect(peakOf(points([5, 1, 9, 3]), 'p99')).toBe(9); // ⌈3.96⌉ = 4: the largest of four
  });
  it('max is the largest; nothing gives null', () => {
    expect(peakOf(points([5, 1, 9, 3]), 'max')).toBe(9);
    expect(peakOf([], 'max')).toBeNull();
    expect(peakOf([], 'p99')).toBeNull();
  });
  it('the busiest period is the earliest of the highest; a value is read there, or else the highest', () => {
    const p = [
      { t: 0, v: 1 },
      { t: 900, v: 7 },
      { t: 1800, v: 7 },
    ];
    expect(busiest(p)).toEqual({ t: 900, v: 7 });
    expect(valueAtOrMax([{ t: 900, v: 3 }, { t: 1800, v: 4 }], 900)).toBe(3);
    expect(valueAtOrMax([{ t: 1800, v: 4 }], 900)).toBe(4);
    expect(valueAtOrMax([], 900)).toBeUndefined();
  });
});

describe('specs', () => {
  it('are typed as the conversions above', () => {
    const kinds = Object.fromEntries(specs.map((s: MetricSpec) => [s.id, [s.stat, s.conversion, s.peak, s.missingIsZero]]));
    expect(kinds).toMatchObject({
      alb_requests: ['Sum', 'per-second', 'max', true],
      alb_connections: ['Sum', 'per-minute-halved', 'max', true],
      app_cpu: ['Average', 'value', 'p99', false],
      app_memory: ['Average', 'value', 'max', false],
      proxy_clients: ['Sum', 'per-minute', 'max', false],
    });
  });
});
