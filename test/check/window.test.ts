/** The check's window and period: valid for the data's age (aws-llm-facts.md, "CloudWatch GetMetricData"). */
import { describe, expect, it } from 'vitest';
import { checkWindow, periodMultipleForAge, periodStarts, windowFromJson, windowJson } from '../../src/check/window.js';

const DAY = 86_400;
// 2026-11-23T13:07:31Z, not aligned to any period.
const NOW = Date.UTC(2026, 10, 23, 13, 7, 31) / 1000;

describe('period for a lookback', () => {
  it.each([
    // lookback, period: the shortest of 60/300/600/900/1800/3600/10800/21600/43200/86400 s with ≤ 1,440 points
    ['1 h', 3600, 60], // 60 points
    ['1 d', DAY, 60], // 1,440 points exactly
    ['7 d', 7 * DAY, 600], // 604,800 / 300 = 2,016 > 1,440; / 600 = 1,008
    ['14 d', 14 * DAY, 900], // / 600 = 2,016; / 900 = 1,344
    ['15 d', 15 * DAY, 900], // 1,440 points; start older than 15 days: 900 is a multiple of 300
    ['30 d', 30 * DAY, 1800], // / 900 = 2,880; / 1,800 = 1,440
    ['63 d', 63 * DAY, 10_800], // / 3,600 = 1,512; / 10,800 = 504
    ['90 d', 90 * DAY, 10_800], // / 10,800 = 720; older than 63 days: a multiple of 3,600
    ['455 d', 455 * DAY, 43_200], // / 21,600 = 1,820; / 43,200 = 910
  ])('%s → %i s', (_label, lookback, period) => {
    const w = checkWindow(lookback, NOW);
    expect(w.periodSeconds).toBe(period);
    expect(w.endSeconds % period).toBe(0);
    expect(w.startSeconds % period).toBe(0);
    expect(w.endSeconds).toBeLessThanOrEqual(NOW);
    expect(NOW - w.endSeconds).toBeLessThan(period);
    expect(w.endSeconds - w.startSeconds).toBeGreaterThanOrEqual(lookback);
    expect(w.endSeconds - w.startSeconds).toBeLessThan(lookback + period);
    expect(w.periodSeconds % periodMultipleForAge(NOW - w.startSeconds)).toBe(0);
  });

  it('the multiple a period needs grows with the age of the data: 60 s, 300 s past 15 days, 3600 s past 63 days', () => {
    expect(periodMultipleForAge(15 * DAY)).toBe(60);
    expect(periodMultipleForAge(15 * DAY + 1)).toBe(300);
    expect(periodMultipleForAge(63 * DAY)).toBe(300);
    expect(periodMultipleForAge(63 * DAY + 1)).toBe(3600);
  });

  it('14 days end at the last whole 15-minute period: 2026-11-23T13:00:00Z', () => {
    const w = checkWindow(14 * DAY, NOW);
    expect(windowJson(w)).toEqual({ start: '2026-11-09T13:00:00.000Z', end: '2026-11-23T13:00:00.000Z', periodSeconds: 900 });
    expect(windowFromJson(windowJson(w))).toEqual(w);
    expect(periodStarts(w)).toHaveLength(1344);
  });
});
