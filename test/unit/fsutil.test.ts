/** writeFileAtomic (src/fsutil.ts): whole files or nothing, and never through a link standing at its temporary name. */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/errors.js';
import { writeFileAtomic } from '../../src/fsutil.js';
import { runCli, tmpDir } from '../helpers/cli.js';
import { show } from '../e2e/expect-cli.js';

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

  it('creates the missing directories on its path', () => {
    const dir = mkdtempSync(join(tmpDir(), 'atomic-'));
    const file = join(dir, 'a', 'b', 'out.txt');
    writeFileAtomic(file, 'deep');
    expect(readFileSync(file, 'utf8')).toBe('deep');
  });

  it('writes through a link to what it points at, and leaves the link a link', () => {
    const dir = mkdtempSync(join(tmpDir(), 'atomic-'));
    writeFileSync(join(dir, 'target.txt'), 'old');
    symlinkSync('target.txt', join(dir, 'link.txt'));
    writeFileAtomic(join(dir, 'link.txt'), 'new');
    expect(lstatSync(join(dir, 'link.txt')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'target.txt'), 'utf8')).toBe('new');
  });

  it('reads `..` after a link as the system does: beside what the link points at', () => {
    const dir = mkdtempSync(join(tmpDir(), 'atomic-'));
    mkdirSync(join(dir, 'real', 'deep'), { recursive: true });
    symlinkSync(join(dir, 'real', 'deep'), join(dir, 'up'));
    writeFileAtomic(`${dir}/up/../zz/out.txt`, 'here');
    expect(readFileSync(join(dir, 'real', 'zz', 'out.txt'), 'utf8')).toBe('here');
  });

  it('says so when a part of the path is a file', () => {
    const dir = mkdtempSync(join(tmpDir(), 'atomic-'));
    writeFileSync(join(dir, 'plain'), 'a file');
    expect(() => writeFileAtomic(join(dir, 'plain', 'out.txt'), 'x')).toThrow(/cannot write .*plain\/out\.txt: a part of its path is a file, not a directory \(ENOTDIR\)/);
  });
});

// Node's mkdirSync(dir, { recursive: true }) spins for ever under /proc, where creating a child says ENOENT although
// the parent exists (nodejs/node#27198 was the same loop on Windows). In a child process, so that a regression fails
// at the time limit instead of hanging the test run.
describe.skipIf(process.platform !== 'linux' || !existsSync('/proc/self'))('a path under /proc', () => {
  it('--out there exits 2 at once, naming the file', () => {
    const r = runCli(['plan', '--out', '/proc/capacity-no-such-dir/plan.txt'], { timeoutMs: 20_000 });
    expect(r.status, show(r)).toBe(2);
    expect(r.stderr).toContain('cannot write /proc/capacity-no-such-dir/plan.txt: a directory on its path does not exist and cannot be created (ENOENT)');
  });

  it('--out /dev/stdout writes to the output, and leaves /dev/stdout as it was', () => {
    const before = lstatSync('/dev/stdout').isSymbolicLink();
    const r = runCli(['plan', '--format', 'json', '--out', '/dev/stdout'], { timeoutMs: 20_000 });
    expect(r.status, show(r)).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'capacity-plan' });
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(before);
  });

  it('--out - is standard output too, not a file named -', () => {
    const cwd = mkdtempSync(join(tmpDir(), 'dash-'));
    const r = runCli(['plan', '--format', 'json', '--out', '-'], { cwd });
    expect(r.status, show(r)).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'capacity-plan' });
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('a cache directory there only means the profile is parsed again: the plan runs', () => {
    const profile = join(mkdtempSync(join(tmpDir(), 'proc-')), 'p.yaml');
    writeFileSync(profile, 'name: proc\nusers: 100\n');
    const r = runCli(['plan', '--profile', profile, '--format', 'json'], { env: { CAPACITY_CACHE_DIR: '/proc/capacity-no-such-dir/cache' }, timeoutMs: 20_000 });
    expect(r.status, show(r)).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ schemaVersion: 1 });
  });
});
