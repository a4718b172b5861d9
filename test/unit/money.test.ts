/**
 * Money: integer micro-dollars, 730-hour months. Expected values are hand calculations from the hourly prices in
 * shared/reference/aws-llm-facts.md ("A month is 730 hours").
 */
import { describe, expect, it } from 'vitest';
import { cents, DAYS_PER_MONTH, exactMicros, HOURS_PER_MONTH, microsToUsd, monthlyMicrosFromHourly, sumMicros, usdToMicros } from '../../src/model/money.js';
import { groupThousands, wholePercent } from '../../src/model/quantity.js';
import { pct } from '../../src/render/format.js';
import { UserError } from '../../src/errors.js';

describe('month length', () => {
  it('is 730 hours (aws-llm-facts.md: "A month is 730 hours"), 730 / 24 = 30.41666… days', () => {
    expect(HOURS_PER_MONTH).toBe(730);
    expect(DAYS_PER_MONTH).toBeCloseTo(30.416_666_666_7, 9);
  });
});

describe('usdToMicros / microsToUsd', () => {
  it.each([
    // [usd, micros]
    [0, 0],
    [1, 1_000_000],
    [18.02, 18_020_000],
    [0.000_001, 1],
    [0.000_000_4, 0], // below half a micro-dollar rounds to 0
    [0.000_000_6, 1], // above half a micro-dollar rounds to 1
    [0.1 + 0.2, 300_000], // 0.30000000000000004 USD is still exactly 300,000 µ$
    [15.184, 15_184_000],
  ])('%s USD = %i µ$', (usd, micros) => {
    expect(usdToMicros(usd)).toBe(micros);
  });

  it.each([
    [15_184_000, 15.184],
    [18_020_050, 18.020_05],
    [1, 0.000_001],
  ])('%i µ$ = %s USD', (micros, usd) => {
    expect(microsToUsd(micros)).toBe(usd);
  });
});

describe('monthlyMicrosFromHourly (hourly price × 730 h)', () => {
  it.each([
    // [label, $/h, quantity, µ$/month]
    ['aws-llm-facts.md: t3.small $0.0208/h → 0.0208 × 730 = $15.184', 0.0208, 1, 15_184_000],
    ['aws-llm-facts.md: t3.micro $0.0104/h → 0.0104 × 730 = $7.592', 0.0104, 1, 7_592_000],
    ['aws-llm-facts.md: m5.large $0.096/h → 0.096 × 730 = $70.08', 0.096, 1, 70_080_000],
    ['aws-llm-facts.md: db.t3.micro Single-AZ $0.018/h → 0.018 × 730 = $13.14', 0.018, 1, 13_140_000],
    ['aws-llm-facts.md: ALB $0.0225/h → 0.0225 × 730 = $16.425', 0.0225, 1, 16_425_000],
    ['aws-llm-facts.md: 3 × cache.t3.micro $0.017/h → 3 × 0.017 × 730 = $37.23', 0.017, 3, 37_230_000],
    ['aws-llm-facts.md: RDS Proxy $0.015 per vCPU-hour, 2 vCPU → 2 × 0.015 × 730 = $21.90', 0.015, 2, 21_900_000],
    ['aws-llm-facts.md: Fargate 0.5 vCPU + 1 GB = 0.5 × 0.04048 + 1 × 0.004445 = $0.024685/h → $18.02005', 0.024_685, 1, 18_020_050],
  ])('%s', (_label, usdPerHour, quantity, expected) => {
    const micros = monthlyMicrosFromHourly(usdPerHour, quantity);
    expect(micros).toBe(expected);
    expect(Number.isSafeInteger(micros)).toBe(true);
  });

  it('t3.small is $15.18/month to the cent (aws-llm-facts.md: $0.0208/h × 730 h = $15.184)', () => {
    expect(cents(microsToUsd(monthlyMicrosFromHourly(0.0208)))).toBe(15.18);
  });
});

describe('sumMicros', () => {
  it('sums in integers: ten line items of $0.10 are exactly $1.00 (as floats 0.1 × 10 summed is 0.9999999999999999)', () => {
    let floatSum = 0;
    for (let i = 0; i < 10; i++) floatSum += 0.1;
    expect(floatSum).not.toBe(1); // the drift this module exists to avoid
    expect(sumMicros(Array.from({ length: 10 }, () => usdToMicros(0.1)))).toBe(1_000_000);
  });

  it.each([
    // [items, hand sum]
    [[], 0],
    [[15_184_000, 13_140_000], 28_324_000], // t3.small + db.t3.micro = 15.184 + 13.14 = $28.324
    [[18_020_050, 36_040_100, 72_080_200], 126_140_350], // the three Fargate sizes: 18.02005 + 36.0401 + 72.0802
    [[1, 2, 3], 6],
  ])('sumMicros(%j) = %i', (items, expected) => {
    expect(sumMicros(items)).toBe(expected);
  });

  it.each([[0.5], [Number.NaN], [Number.POSITIVE_INFINITY], [2 ** 53]])('rejects a value that is not a whole number of micro-dollars (%s)', (bad) => {
    expect(() => sumMicros([1, bad])).toThrow(/micro-dollars/);
  });
});

describe('cents', () => {
  it.each([
    [18.020_05, 18.02],
    [36.040_1, 36.04],
    [72.080_2, 72.08],
    [13.14, 13.14],
    [15.184, 15.18],
    [0.005_1, 0.01],
    [0.004_9, 0],
  ])('%s USD → %s', (usd, expected) => {
    expect(cents(usd)).toBe(expected);
  });
});

describe('exactMicros', () => {
  // 2^53 − 1 µ$ = $9,007,199,254.740991: the largest whole number a double holds with every smaller one.
  it('passes whole micro-dollars up to Number.MAX_SAFE_INTEGER', () => {
    expect(exactMicros(0, 'x')).toBe(0);
    expect(exactMicros(Number.MAX_SAFE_INTEGER, 'x')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([Number.MAX_SAFE_INTEGER + 1, 1.15e17, Number.POSITIVE_INFINITY])('rejects %s as a user error naming what costs that much', (micros) => {
    expect(() => exactMicros(micros, 'the storage line')).toThrow(UserError);
    expect(() => exactMicros(micros, 'the storage line')).toThrow(/^the storage line comes to .*, beyond the \$9,007,199,254 a month/);
  });

  it.each([Number.NaN, 0.5, Number.NEGATIVE_INFINITY])('takes %s for a bug (an internal error), not a profile too large', (micros) => {
    expect(() => exactMicros(micros, 'the storage line')).toThrow(/not a whole number of micro-dollars/);
    expect(() => exactMicros(micros, 'the storage line')).not.toThrow(UserError);
  });
});

describe('groupThousands', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1234.5, '1,235'],
    [-1_234_567, '-1,234,567'],
    [9.99e20, '999,000,000,000,000,000,000'],
    [8.2125e298, '8.21e+298'], // written with an exponent from 1e21 on: nothing to group
  ])('%s → %s', (n, text) => {
    expect(groupThousands(n)).toBe(text);
  });
});

describe('percentages', () => {
  it.each([
    [0.7, '70 %', '70 %'],
    [0.05, '5 %', '5.0 %'], // the tables keep a decimal below 10 %
    [42.56, '4,256 %', '4,256 %'], // a limit 43 times over: grouped like every other number
    [343.8, '34,380 %', '34,380 %'],
  ])('%s → %s in messages, %s in tables', (ratio, message, table) => {
    expect(wholePercent(ratio)).toBe(message);
    expect(pct(ratio)).toBe(table);
  });
});
