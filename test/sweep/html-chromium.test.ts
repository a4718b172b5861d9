/**
 * The HTML report as a reader sees it: opened from disk in headless Chromium (Debian's `chromium`, which `.ci/run`
 * installs with apt-get), driven by playwright-core. Checks the rendered SVG, not the source text, and writes a
 * screenshot to test-output/ for a human to look at.
 */
import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tmpDir } from '../helpers/cli.js';
import { show } from '../e2e/expect-cli.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

describe('sweep HTML report in headless Chromium', () => {
  it('renders the cost curves, phase bands and breakpoint table, with no network requests', async () => {
    const file = join(tmpDir(), 'chromium-sweep.html');
    const r = runCli(['sweep', '--profile', 'profiles/cupid.yaml', '--users', '50..20000', '--format', 'html', '--out', file]);
    expect(r.status, show(r)).toBe(0);

    const userDataDir = mkdtempSync(join(tmpdir(), 'capacity-chromium-'));
    const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 960, height: 1400 } });
    try {
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (req) => requests.push(req.url()));
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

      expect(await page.title()).toContain('Capacity sweep');
      for (const id of ['cost-chart', 'per-user-chart']) {
        const svg = page.locator(`svg#${id}`);
        expect(await svg.count()).toBe(1);
        const box = await svg.boundingBox();
        expect(box!.width).toBeGreaterThan(400);
        expect(box!.height).toBeGreaterThan(200);
        // The curve is drawn: a path with one segment per sweep point and a real rendered length.
        const curve = svg.locator('path.curve');
        expect(await curve.count()).toBe(1);
        const length = await curve.evaluate((p) => (p as unknown as { getTotalLength(): number }).getTotalLength());
        expect(length).toBeGreaterThan(300);
        const segments = await curve.evaluate((p) => (p.getAttribute('d') ?? '').split(/[ML]/).filter(Boolean).length);
        expect(segments).toBe(60);
        // Phase bands: one coloured rectangle per phase, in order, covering the plot from left to right.
        const bands = await svg.locator('rect.phase-band').evaluateAll((rects) =>
          rects.map((r) => ({
            phase: r.getAttribute('data-phase'),
            width: (r as unknown as { getBBox(): { width: number } }).getBBox().width,
            fill: (globalThis as unknown as { getComputedStyle(e: unknown): { fill: string } }).getComputedStyle(r).fill,
          })),
        );
        expect(bands.map((b) => b.phase)).toEqual(['single-instance', 'ecs']);
        for (const b of bands) expect(b.width).toBeGreaterThan(10);
        expect(bands[0]!.fill).not.toBe(bands[1]!.fill);
      }
      const rows = await page.locator('#breakpoints tbody tr').count();
      expect(rows).toBeGreaterThan(1);
      expect(await page.locator('#breakpoints tbody tr.phase').first().innerText()).toContain('2,241');

      const outDir = join(ROOT, 'test-output');
      mkdirSync(outDir, { recursive: true });
      const shot = join(outDir, 'sweep-report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(10_000);

      expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
