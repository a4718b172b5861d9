/**
 * The bundle's string-width fast path (scripts/bundle-plugins.mjs): text it accepts must measure its length in
 * string-width itself, or tables drawn by the bundle would differ from cli-table3's.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a build script, plain JavaScript without types
import { NARROW_TEXT, PICTOGRAPH } from '../../scripts/bundle-plugins.mjs';

const require = createRequire(import.meta.url);
// string-width as published (cli-table3's dependency), with its own emoji pattern.
const stringWidth = require('string-width') as (text: string) => number;
// The emoji pattern the bundle gives string-width instead (the native-emoji-regex plugin), without its global flag.
const bundledEmoji = new RegExp((PICTOGRAPH as RegExp).source, 'u');
const narrow = NARROW_TEXT as RegExp;

describe('NARROW_TEXT, the text string-width measures by its length in the bundle', () => {
  const accepted: string[] = [];
  for (let code = 0; code <= 0xffff; code++) {
    const char = String.fromCharCode(code);
    if (narrow.test(char)) accepted.push(char);
  }

  it('accepts the characters of capacity tables and rejects ANSI codes, pictographs and wide text', () => {
    expect(narrow.test('db.connections (binding) $1,234.56 × 2 – 55 %')).toBe(false); // the en dash is U+2013
    expect(narrow.test('db.connections (binding) $1,234.56 × 2 - 55 %')).toBe(true);
    expect(narrow.test('')).toBe(true);
    for (const text of ['\u001b[1mbold\u001b[22m', '\u009b1m', '©', '®', '─', 'é\u0301', '漢', '😀', 'a\tb', 'a\nb']) expect(narrow.test(text), JSON.stringify(text)).toBe(false);
  });

  it('gives width 1 in string-width for every character it accepts, and none is a pictograph', () => {
    // 95 printable ASCII characters and U+00A0–U+02FF less © and ®.
    expect(accepted.length).toBe(95 + (0x2ff - 0xa0 + 1) - 2);
    const wrong = accepted.filter((char) => stringWidth(char) !== 1 || bundledEmoji.test(char));
    expect(wrong.map((c) => c.charCodeAt(0).toString(16))).toEqual([]);
  });

  it('gives the length of a string of them, as string-width does', () => {
    const text = accepted.join('');
    expect(narrow.test(text)).toBe(true);
    expect(stringWidth(text)).toBe(text.length);
  });
});
