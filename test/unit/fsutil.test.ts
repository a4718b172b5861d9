/** writeFileAtomic (src/fsutil.ts): whole files or nothing, and never through a link standing at its temporary name. */
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/errors.js';
import { writeFileAtomic } from '../../src/fsutil.js';
import { tmpDir } from '../helpers/cli.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('writeFileAtomic', () => {
  it('replaces the file whole and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpDir(), 'atomic-'));
    const file = join(dir, 'out.json');
    writeFileAtomic(file, 'one');
    writeFileAtomic(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('does not write through a link planted at its temporary name, and leaves the link alone', () => {
    const dir = mkdtempSync(join(tmpDir(), 'atomic-'));
    const victim = join(mkdtempSync(join(tmpDir(), 'victim-')), 'precious.txt');
    writeFileSync(victim, 'keep me');
    // The temporary name is the file's, the pid, the time and a count: with the time held, the next hundred names are known.
    vi.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
    const planted = Array.from({ length: 100 }, (_, k) => join(dir, `.out.json.${process.pid}.1700000000000.${k}.tmp`));
    for (const link of planted) symlinkSync(victim, link);
    let error: unknown;
    try {
      writeFileAtomic(join(dir, 'out.json'), 'new content');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/EEXIST/);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(existsSync(join(dir, 'out.json'))).toBe(false);
    expect(planted.every((link) => lstatSync(link).isSymbolicLink())).toBe(true);
  });
});
