/**
 * The sample lists an uncertain plan takes its percentiles from. `sorted` sorts lists of numbers at least 0 as the
 * 64-bit integers their IEEE 754 bits read as; the order must be Float64Array sort's, NaN, -0 and negatives included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumberList } from '../../src/uncertainty/uncertain.js';

const listOf = (values: readonly number[], capacity?: number) => {
  const list = new NumberList(capacity);
  for (const v of values) list.push(v);
  return list;
};

const sortedAsFloats = (values: readonly number[]) => [...Float64Array.from(values).sort()];

describe('NumberList', () => {
  it('sorts as Float64Array sort does: non-negative lists (with -0, subnormals, Infinity) and any others', () => {
    const special = fc.constantFrom(0, -0, Number.MIN_VALUE, Number.MAX_VALUE, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 1e-300, 2 ** 53);
    const value = fc.oneof(fc.double({ min: 0, max: 1e12, noNaN: true }), fc.integer({ min: 0, max: 50 }), special, fc.double());
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), fc.boolean(), (values, allNonNegative) => {
        const input = allNonNegative ? values.filter((v) => v >= 0) : values;
        const sorted = [...listOf(input, 4).sorted()];
        const expected = sortedAsFloats(input);
        expect(sorted.length).toBe(input.length);
        // Element by element with Object.is: -0 before +0, NaN last, as a Float64Array sort places them.
        sorted.forEach((v, i) => expect(Object.is(v, expected[i])).toBe(true));
      }),
      { numRuns: 400, seed: 20_261_203, examples: [[[0, -0], true], [[-0, 0, 0], false], [[Number.NaN, Number.NaN], false]] },
    );
  });

  it('by hand: costs in micro-dollars, a -0, and one negative value that makes it sort as floats', () => {
    expect([...listOf([52_524_000, 0, 40_844_000, 135_014_000, -0, 40_844_000]).sorted()]).toEqual([-0, 0, 40_844_000, 40_844_000, 52_524_000, 135_014_000]);
    expect(Object.is(listOf([0, -0]).sorted()[0], -0)).toBe(true);
    expect([...listOf([3, -1, -3, 2]).sorted()]).toEqual([-3, -1, 2, 3]);
    expect([...listOf([2, Number.NaN, 1]).sorted()]).toEqual([1, 2, Number.NaN]);
  });

  it('grows past its capacity (even none) and keeps every value in push order until sorted', () => {
    expect([...listOf([2, 1], 0).sorted()]).toEqual([1, 2]);
    const values = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
    const list = listOf(values, 2);
    expect(list.length).toBe(1000);
    expect([...list.values.subarray(0, list.length)]).toEqual(values);
    expect([...list.sorted()]).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});
