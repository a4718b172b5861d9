/**
 * Bad input to `capacity gate`: a malformed budget exits 2 with the field path and the YAML line:column of the
 * offending value, never a stack trace; so do missing files and bad flags.
 */
import { describe, expect, it } from 'vitest';
import { tmpDir, tmpFile } from '../helpers/cli.js';
import { expectUsageError, located } from '../e2e/expect-cli.js';
import { budgetFile, gate } from './helpers.js';

interface Case {
  name: string;
  yaml: string;
  path: string;
  line: number;
  column: number;
  message: RegExp;
}

const cases: Case[] = [
  { name: 'a word for an amount', yaml: 'monthlyUsd: lots\n', path: 'monthlyUsd', line: 1, column: 13, message: /expected number, got "lots"/ },
  { name: 'a negative limit', yaml: 'monthlyUsd: 100\ncomponents:\n  llm: -5\n', path: 'components.llm', line: 3, column: 8, message: /must be at least 0, got -5/ },
  { name: 'a misspelt role', yaml: 'components:\n  databse: 150\n', path: 'components.databse', line: 2, column: 3, message: /unknown field; did you mean "database"\?/ },
  { name: 'a misspelt limit', yaml: 'monthlyUSD: 150\n', path: 'monthlyUSD', line: 1, column: 1, message: /unknown field; did you mean "monthlyUsd"\?/ },
  { name: 'a misspelt limit in a checkpoint', yaml: 'monthlyUsd: 100\ncheckpoints:\n  - users: 300\n    monthyUsd: 150\n', path: 'checkpoints.0.monthyUsd', line: 4, column: 5, message: /unknown field; did you mean "monthlyUsd"\?/ },
  { name: 'a percent with a sign', yaml: 'maxIncreasePercent: 10%\n', path: 'maxIncreasePercent', line: 1, column: 21, message: /expected number, got "10%"/ },
  { name: 'a checkpoint without users', yaml: 'checkpoints:\n  - monthlyUsd: 500\n', path: 'checkpoints.0.users', line: 2, column: 5, message: /required field is missing \(expected number\)/ },
  { name: 'a checkpoint without limits', yaml: 'monthlyUsd: 100\ncheckpoints:\n  - users: 300\n', path: 'checkpoints.0.users', line: 3, column: 12, message: /a checkpoint needs at least one limit/ },
  { name: 'two checkpoints of the same users', yaml: 'checkpoints:\n  - users: 300\n    monthlyUsd: 1\n  - users: 300\n    monthlyUsd: 2\n', path: 'checkpoints.1.users', line: 4, column: 12, message: /checkpoint 0 already plans 300 users/ },
  { name: 'zero users', yaml: 'users: 0\nmonthlyUsd: 1\n', path: 'users', line: 1, column: 8, message: /must be greater than 0, got 0/ },
  // Printed as `1:1: (top level): the budget sets no limits…`: no field path of its own.
  { name: 'no limits at all', yaml: 'users: 500\n', path: '', line: 1, column: 1, message: /^\(top level\): the budget sets no limits/ },
  { name: 'a duplicate key', yaml: 'monthlyUsd: 100\nmonthlyUsd: 200\n', path: 'monthlyUsd', line: 2, column: 1, message: /duplicate key/ },
  { name: 'a list for checkpoints of one mapping', yaml: 'checkpoints:\n  users: 300\n', path: 'checkpoints', line: 2, column: 3, message: /expected array/ },
];

describe('a malformed budget: exit 2 with the field and its line', () => {
  it.each(cases)('$name', ({ yaml, path, line, column, message }) => {
    const file = budgetFile(yaml);
    const result = gate(['--budget', file]);
    expectUsageError(result);
    expect(result.stderr).toContain(`error: invalid budget ${file}`);
    const details = located(result.stderr);
    const detail = details.find((d) => d.path === path);
    expect(detail, `${path} in ${result.stderr}`).toBeDefined();
    expect([detail!.line, detail!.column]).toEqual([line, column]);
    expect(detail!.message).toMatch(message);
  });

  it('invalid YAML syntax names the line', () => {
    const result = gate(['--budget', budgetFile('monthlyUsd: 100\ncomponents: [database: 1\n')]);
    expectUsageError(result);
    expect(located(result.stderr)[0]?.message).toMatch(/^invalid YAML/);
  });
});

describe('other bad input: exit 2', () => {
  it('no --budget', () => {
    const result = gate([]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/required option '-b, --budget <file>' not specified/);
  });

  it('a budget file that does not exist', () => {
    const result = gate(['--budget', `${tmpDir()}/none.yaml`]);
    expectUsageError(result);
    expect(result.stderr).toMatch(/cannot read budget .*none\.yaml: no such file/);
  });

  it('a profile named by the budget that does not exist: the hint says where relative paths start', () => {
    const result = gate(['--budget', budgetFile('profile: profiles/nope.yaml\nmonthlyUsd: 100\n')]);
    expectUsageError(result);
    expect(result.stderr).toMatch(/cannot read profile .*profiles\/nope\.yaml: no such file/);
    expect(result.stderr).toMatch(/hint: .* names this profile \(profile:\); a relative path is taken from the budget file's directory/);
  });

  it('an invalid profile: the profile\'s field and line', () => {
    const profile = tmpFile('profile.yaml', 'name: x\ntraffic:\n  dailyActiveRatio: 2\n');
    const result = gate(['--budget', budgetFile('monthlyUsd: 100\n'), '--profile', profile]);
    expectUsageError(result);
    expect(result.stderr).toContain(`error: invalid profile ${profile}`);
    expect(located(result.stderr)).toContainEqual(expect.objectContaining({ path: 'traffic.dailyActiveRatio', line: 3, column: 21 }));
  });

  it.each([
    [['--users', '-3'], /expected a positive whole number, got "-3"/],
    [['--format', 'html'], /expected one of table, markdown, json, got "html"/],
  ])('bad flag %j', (flags, message) => {
    const result = gate(['--budget', budgetFile('monthlyUsd: 100\n'), ...flags]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });
});
