/**
 * The built-in profiles and snapshots are validated when the bundle is built (dist/known-inputs.json), so a plan on
 * them skips the YAML parser and the schemas. These tests hold that shortcut to the full path: the same values, used
 * only for byte-identical texts and only by the bundle that wrote them.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readJson } from '../../src/catalogue/load.js';
import { awsSnapshotSchema, llmCatalogueSchema } from '../../src/catalogue/schema.js';
import { parseProfile } from '../../src/profile/load.js';
import type { KnownInputs } from '../../src/cli/known-inputs.js';
import { ROOT, runCli, tmpFile } from '../helpers/cli.js';
import { privateInstall } from '../helpers/install.js';

const known = JSON.parse(readFileSync(join(ROOT, 'dist', 'known-inputs.json'), 'utf8')) as KnownInputs;

describe('dist/known-inputs.json (written by the build)', () => {
  it('is stamped with the build it belongs to', () => {
    expect(known.buildId).toBe(readFileSync(join(ROOT, 'dist', 'build-id'), 'utf8').trim());
  });

  it('holds every built-in profile with the value the full parse gives today', () => {
    const files = readdirSync(join(ROOT, 'profiles')).filter((f) => f.endsWith('.yaml'));
    expect(known.profiles).toHaveLength(files.length);
    for (const name of files) {
      const text = readFileSync(join(ROOT, 'profiles', name), 'utf8');
      const entry = known.profiles.find((p) => p.text === text);
      expect(entry, name).toBeDefined();
      // Through JSON, as the shortcut reads it: a value JSON cannot carry would show up here.
      expect(entry!.profile, name).toEqual(JSON.parse(JSON.stringify(parseProfile(text, name))));
    }
  });

  it('holds every snapshot with the value the schema gives today', () => {
    const dir = join(ROOT, 'pricing-snapshots');
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      const text = readFileSync(file, 'utf8');
      if (name.startsWith('aws-')) expect(known.awsSnapshots.find((s) => s.text === text)?.snapshot, name).toEqual(JSON.parse(JSON.stringify(readJson(file, awsSnapshotSchema))));
      if (name.startsWith('llm-')) expect(known.llmCatalogues.find((s) => s.text === text)?.catalogue, name).toEqual(JSON.parse(JSON.stringify(readJson(file, llmCatalogueSchema))));
    }
  });
});

describe('plan through the shortcut and through the full path', () => {
  const planJson = (args: string[]) => {
    const r = runCli(['plan', '--format', 'json', ...args]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  };
  const defaultText = readFileSync(join(ROOT, 'profiles', 'default.yaml'), 'utf8');

  it.each([['--users', '500'], ['--users', '20000', '--concurrent', '3000'], ['--users', '1']])('gives the same plan for the built-in default as for an edited copy of it (%s %s)', (...args) => {
    // A trailing comment changes the text, so the copy takes the full path (YAML parser and schema).
    const copy = tmpFile('default-copy.yaml', `${defaultText}\n# a comment\n`);
    expect(planJson(args)).toEqual(planJson(['--profile', copy, ...args]));
  });

  it('an edited copy with a bad value gets the full path: exit 2, the field and its line', () => {
    const bad = tmpFile('bad.yaml', defaultText.replace(/maxOverflowPerWorker: 10/, 'maxOverflowPerWorker: -1'));
    const r = runCli(['plan', '--profile', bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^\s+\d+:\d+: database\.maxOverflowPerWorker: /m);
  });

  it('flags that change what is validated (--model, --region) take the full path, with its errors', () => {
    const model = runCli(['plan', '--model', 'no-such-model']);
    expect(model.status).toBe(2);
    expect(model.stderr).toContain('--model: unknown model "no-such-model"');
    const region = runCli(['plan', '--region', 'eu-north-1']);
    expect(region.status).toBe(2);
    expect(region.stderr).toContain('no pricing snapshot for region eu-north-1');
  });

  it('a snapshot that cannot be read is a user error (exit 2) naming the file, not an internal one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capacity-pricing-'));
    for (const name of readdirSync(join(ROOT, 'pricing-snapshots')).filter((n) => n.startsWith('llm-'))) cpSync(join(ROOT, 'pricing-snapshots', name), join(dir, name));
    const broken = join(dir, 'aws-us-east-1-2099-01-01.json');
    symlinkSync(join(dir, 'does-not-exist.json'), broken); // the newest snapshot for the region, dangling
    const r = runCli(['plan', '--pricing-dir', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`cannot read ${broken}`);
    expect(r.stderr).not.toContain('internal error');
  });
});

describe('which bundle the file belongs to', () => {
  const defaultText = readFileSync(join(ROOT, 'profiles', 'default.yaml'), 'utf8');

  /** A copy of the installed package whose known-inputs.json is changed by `tamper`. */
  function tamperedInstall(tamper: (known: KnownInputs) => void): string {
    const dir = privateInstall();
    const file = join(dir, 'dist', 'known-inputs.json');
    const copy = JSON.parse(readFileSync(file, 'utf8')) as KnownInputs;
    tamper(copy);
    writeFileSync(file, JSON.stringify(copy));
    return dir;
  }
  const renameDefault = (known: KnownInputs) => {
    const entry = known.profiles.find((p) => p.text === defaultText)!;
    entry.profile = { ...entry.profile, name: 'from-known-inputs' };
  };
  const plan = (install: string, args: string[] = []) => {
    const r = spawnSync(process.execPath, [join(install, 'bin', 'capacity.cjs'), 'plan', '--format', 'json', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1' } });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { profile: { name: string }; pricing: { date: string; region: string } };
  };

  it('the running bundle uses the values its own build wrote (a changed value shows through)', () => {
    expect(plan(tamperedInstall(renameDefault)).profile.name).toBe('from-known-inputs');
  });

  it('a file from another build is ignored: the profile is parsed again', () => {
    const install = tamperedInstall((known) => {
      renameDefault(known);
      known.buildId = '0000000000000000';
    });
    expect(plan(install).profile.name).toBe('default');
  });

  it('a profile of its own still takes the built-in snapshot from the file (a changed value shows through)', () => {
    const own = tmpFile('own.yaml', `${defaultText}\n# my own copy\n`);
    const planned = plan(ROOT, ['--profile', own]);
    const install = tamperedInstall((known) => {
      // The snapshot the plan above used (the newest for its region), by region and date, whatever else is bundled.
      known.awsSnapshots.find((s) => s.snapshot.region === planned.pricing.region && s.snapshot.date === planned.pricing.date)!.snapshot.date = '1999-01-01';
    });
    expect(plan(install, ['--profile', own]).pricing.date).toBe('1999-01-01');
  });
});
