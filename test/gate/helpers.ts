/** Shared by the gate tests: run `capacity plan` and `capacity gate` through the built binary. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ROOT, runCli, tmpFile, type RunResult } from '../helpers/cli.js';
import { show } from '../e2e/expect-cli.js';

export const FIXTURES = join(ROOT, 'test', 'fixtures', 'gate');

/* eslint-disable @typescript-eslint/no-explicit-any */

/** The Plan JSON of `capacity plan ARGS`. */
export function planJson(args: string[]): any {
  const result = runCli(['plan', ...args, '--format', 'json']);
  expect(result.status, show(result)).toBe(0);
  return JSON.parse(result.stdout);
}

/** A budget file with `yaml` in a fresh temporary directory. */
export const budgetFile = (yaml: string): string => tmpFile('budget.yaml', yaml);

/** A baseline file holding `plan` as JSON. */
export function baselineFile(plan: unknown, name = 'baseline.json'): string {
  const file = tmpFile(name, '{}');
  writeFileSync(file, `${JSON.stringify(plan, null, 2)}\n`);
  return file;
}

export const gate = (args: string[], cwd?: string): RunResult => runCli(['gate', ...args], cwd ? { cwd } : {});

/** `capacity gate ARGS --format json`, expecting exit `status`; returns the report. */
export function gateJson(args: string[], status: 0 | 1): any {
  const result = gate([...args, '--format', 'json']);
  expect(result.status, show(result)).toBe(status);
  expect(result.stderr, show(result)).toBe('');
  const report = JSON.parse(result.stdout);
  expect(report.schemaVersion).toBe(1);
  expect(report.kind).toBe('capacity-gate');
  expect(report.verdict).toBe(status === 0 ? 'pass' : 'fail');
  return report;
}

/** The rule named `name` in a JSON report. */
export function rule(report: any, name: string): any {
  const found = report.rules.find((r: any) => r.rule === name);
  expect(found, `rule ${name} in ${JSON.stringify(report.rules.map((r: any) => r.rule))}`).toBeDefined();
  return found;
}

/** Integer micro-dollars as a budget writes them: USD with six decimals. */
export const usdOf = (micros: number): string => (micros / 1e6).toFixed(6);

export const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
