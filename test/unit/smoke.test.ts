import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('capacity plan on the built-in defaults', () => {
  it('prints a plan for 500 users and exits 0', () => {
    const r = runCli(['plan', '--users', '500']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Phase: rds');
  });
});
