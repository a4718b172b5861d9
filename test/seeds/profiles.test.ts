/**
 * The five seed profiles (issue: one profile per seed system, from each document's own figures, with comments
 * citing them): each validates, plans through the CLI, and carries a citation or a derivation on every value.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const profiles = [
  // users: a count the document names; phase: what the model plans there (see the per-seed tests).
  { name: 'cupid', seed: '000', users: 40, phase: 'single-instance' }, // seed 000 L100 "30-40 invited testers"
  { name: 'ai-service', seed: '001', users: 100, phase: 'rds' }, // seed 001 L441 "Small (100 users)"
  { name: 'chatpop', seed: '002', users: 20_000, phase: 'ecs' }, // seed 002 L88 "20,000 connections"
  { name: 'pardon-simulator', seed: '003', users: 150, phase: 'ecs' }, // seed 003 L193 "~150 users"
  { name: 'video-pipeline', seed: '004', users: 500, phase: 'proxy' }, // seed 004 L763 "500 Users"
];

describe('seed profiles', () => {
  it.each(profiles)('profile $name validates', ({ name }) => {
    const r = runCli(['profile', 'validate', `profiles/${name}.yaml`]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`valid: profiles/${name}.yaml (profile "${name}"`);
  });

  it.each(profiles)('capacity plan --profile ($name) --users $users recommends $phase', ({ name, users, phase }) => {
    const r = runCli(['plan', '--profile', `profiles/${name}.yaml`, '--users', String(users), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const plan = JSON.parse(r.stdout) as { phase: { id: string }; profile: { name: string; users: number } };
    expect(plan.profile).toMatchObject({ name, users });
    expect(plan.phase.id).toBe(phase);
  });

  it.each(profiles)('profile $name cites seed $seed or a derivation on every value', ({ name, seed }) => {
    const lines = readFileSync(join(ROOT, 'profiles', `${name}.yaml`), 'utf8').split('\n');
    expect(lines[0]).toBe('# yaml-language-server: $schema=./profile.schema.json');
    const uncited: string[] = [];
    let values = 0;
    for (const [i, line] of lines.entries()) {
      const code = line.replace(/\s+#.*$/, '').trim();
      if (code === '' || code.startsWith('#') || /^[A-Za-z$]+:$/.test(code)) continue; // blank, comment, section
      values += 1;
      const comment = line.slice(line.indexOf('#'));
      const cited = line.includes('#') && (new RegExp(`seed ${seed} L\\d+`).test(comment) || comment.includes('derived:'));
      if (!cited) uncited.push(`${i + 1}: ${line}`);
    }
    expect(values).toBeGreaterThan(30);
    expect(uncited).toEqual([]);
  });
});
