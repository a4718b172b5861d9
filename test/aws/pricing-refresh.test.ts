/**
 * `capacity pricing refresh` end to end: the built CLI and the real @aws-sdk/client-pricing over HTTP against a local
 * Price List server on 127.0.0.1 (AWS JSON 1.1). Nothing leaves the machine: AWS_ENDPOINT_URL_PRICING points at the
 * server, instance metadata is disabled, credentials are dummies, config files are empty temporary files.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliAsync, tmpDir } from '../helpers/cli.js';
import { bundledSnapshot, FACTOR, priceListItems } from './fixtures.js';
import { startPriceListServer, type PriceListServer } from './price-list-server.js';

let server: PriceListServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const credentials = { AWS_ACCESS_KEY_ID: 'AKIDTESTTESTTEST', AWS_SECRET_ACCESS_KEY: 'test-secret', AWS_MAX_ATTEMPTS: '3' };

function emptyConfigFiles(): Record<string, string> {
  const dir = mkdtempSync(join(tmpDir(), 'awscfg-'));
  writeFileSync(join(dir, 'config'), '');
  writeFileSync(join(dir, 'credentials'), '');
  return { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
}

/** A pricing directory holding an older us-east-1 snapshot (the bundled one, renamed), so a refresh has a previous. */
function pricingDirWithPrevious(): { dir: string; previous: string; bytes: Buffer } {
  const dir = mkdtempSync(join(tmpDir(), 'pricing-'));
  const previous = join(dir, 'aws-us-east-1-2026-01-01.json');
  copyFileSync(bundledSnapshot().file, previous);
  return { dir, previous, bytes: readFileSync(previous) };
}

const served = (usd: number) => Math.round(usd * FACTOR * 1e6) / 1e6;

describe('pricing refresh against a local Price List server', () => {
  it('pages through results, retries a throttled call, ignores decoy SKUs, and writes a snapshot plan prices with', async () => {
    server = await startPriceListServer({ items: priceListItems('us-east-1', ''), pageSize: 2, throttleFirst: 1 });
    const { dir, previous, bytes } = pricingDirWithPrevious();
    const r = await runCliAsync(['pricing', 'refresh', '--region', 'us-east-1', '--out', dir], { env: { ...credentials, ...emptyConfigFiles(), AWS_ENDPOINT_URL_PRICING: server.url } });
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.status, r.stderr).toBe(0);
    const written = /wrote (\S+):/.exec(r.stdout)?.[1];
    expect(written).toBeDefined();
    // The previous snapshot is left as it was; the new one sits beside it.
    expect(readFileSync(previous)).toEqual(bytes);
    const snapshot = JSON.parse(readFileSync(written!, 'utf8'));
    const template = bundledSnapshot().json;

    // Every request is a signed AWS JSON 1.1 GetProducts call.
    expect(server.requests.every((q) => q.target === 'AWSPriceListService.GetProducts')).toBe(true);
    expect(server.requests[0]!.authorization).toMatch(/\/us-east-1\/pricing\/aws4_request/);
    // One throttled call was retried: the first two requests are the same query.
    expect(server.requests[1]!.body).toEqual(server.requests[0]!.body);
    // EC2 filters as documented (aws-llm-facts.md, "AWS Price List Query API").
    const ec2Query = server.requests.find((q) => q.body.ServiceCode === 'AmazonEC2' && q.body.Filters.some((f) => f.Value === 't3.small'))!;
    expect(ec2Query.body.Filters).toEqual(
      expect.arrayContaining([
        { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' },
        { Type: 'TERM_MATCH', Field: 'operatingSystem', Value: 'Linux' },
        { Type: 'TERM_MATCH', Field: 'tenancy', Value: 'Shared' },
        { Type: 'TERM_MATCH', Field: 'preInstalledSw', Value: 'NA' },
        { Type: 'TERM_MATCH', Field: 'capacitystatus', Value: 'Used' },
      ]),
    );
    // Pagination: with two items a page, the t3.small query (decoy + item) needs one page, RDS classes (3 items) two.
    const rdsPages = server.requests.filter((q) => q.body.ServiceCode === 'AmazonRDS' && q.body.Filters.some((f) => f.Value === 'db.t3.micro'));
    expect(rdsPages.map((q) => q.body.NextToken)).toEqual([undefined, 'page-2']);

    // Served prices, not the Outposts / Extended Support / Windows / serverless decoys.
    expect(snapshot.ec2['t3.small'].usdPerHour).toBe(served(0.0208));
    expect(snapshot.ec2['t3.small'].source).toMatchObject({ tag: 'API' });
    expect(snapshot.ec2['t3.small'].burst).toEqual(template.ec2['t3.small'].burst);
    expect(snapshot.rds.postgres['db.t3.micro'].singleAzUsdPerHour).toBe(served(0.018));
    expect(snapshot.rds.postgres['db.t3.micro'].multiAzUsdPerHour).toBe(served(0.036));
    // max_connections derived from memory: floor(1 GiB × 0.88 / 9531392) = 99.
    expect(snapshot.rds.postgres['db.t3.micro'].maxConnections).toBe(99);
    expect(snapshot.elasticache.nodes['cache.t3.micro'].usdPerHour).toBe(served(0.017));
    expect(snapshot.fargate.x86).toMatchObject({ usdPerVcpuHour: served(0.04048), usdPerGbHour: served(0.004445) });
    expect(snapshot.rds.proxy.usdPerVcpuHour).toBe(served(0.015));
    expect(snapshot.t3SurplusCreditUsdPerVcpuHour.value).toBe(served(0.05));
    expect(snapshot.alb).toMatchObject({ usdPerHour: served(0.0225), usdPerLcuHour: served(0.008) });
    expect(snapshot.dataTransferOut.tiers[0]).toEqual({ upToGbPerMonth: 10240, usdPerGb: 0.1 });
    expect(snapshot.rds.storage.singleAzUsdPerGbMonth).toBe(served(0.115));

    // The planner picks the newest snapshot of the region in that directory and prices with it:
    // t3.small at 0.0312 $/h × 730 h = $22.776 a month.
    const plan = await runCliAsync(['plan', '--users', '500', '--pricing-dir', dir, '--format', 'json']);
    expect(plan.status, plan.stderr).toBe(0);
    const json = JSON.parse(plan.stdout);
    expect(json.pricing.snapshot).toBe(written!.split('/').at(-1));
    const t3 = json.components.find((c: { type: string }) => c.type === 't3.small');
    expect(t3.unitMonthlyUsd).toBeCloseTo(22.776, 6);
  });

  it('signs for the Price List region that serves the priced region (eu-central-1 for eu-west-3)', async () => {
    server = await startPriceListServer({ items: priceListItems('eu-west-3', 'EU3'), pageSize: 50 });
    const dir = mkdtempSync(join(tmpDir(), 'pricing-'));
    const r = await runCliAsync(['pricing', 'refresh', '--region', 'eu-west-3', '--out', dir], { env: { ...credentials, ...emptyConfigFiles(), AWS_ENDPOINT_URL_PRICING: server.url } });
    expect(r.status, r.stderr).toBe(0);
    // SigV4 credential scope: <key>/<date>/<region>/pricing/aws4_request.
    expect(server.requests[0]!.authorization).toMatch(/Credential=AKIDTESTTESTTEST\/\d{8}\/eu-central-1\/pricing\/aws4_request/);
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^aws-eu-west-3-\d{4}-\d{2}-\d{2}\.json$/)]);
    // Usage types carry the region prefix (EU3-BoxUsage:t3.small); they are matched by suffix.
    const snapshot = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]!), 'utf8'));
    expect(snapshot.region).toBe('eu-west-3');
    expect(snapshot.ec2['t3.small'].usdPerHour).toBe(served(0.0208));

    const plan = await runCliAsync(['plan', '--users', '500', '--region', 'eu-west-3', '--pricing-dir', dir, '--format', 'json']);
    expect(plan.status, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout).pricing.region).toBe('eu-west-3');
    // A region with no snapshot names the ones present and the refresh command.
    const missing = await runCliAsync(['plan', '--region', 'ap-south-1', '--pricing-dir', dir]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no pricing snapshot for region ap-south-1');
    expect(missing.stderr).toContain('eu-west-3');
    expect(missing.stderr).toContain('capacity pricing refresh --region ap-south-1');
  });

  it('AccessDenied exits 3 naming pricing:GetProducts and leaves the previous snapshot byte for byte', async () => {
    server = await startPriceListServer({ items: [], denyAccess: true });
    const { dir, previous, bytes } = pricingDirWithPrevious();
    const r = await runCliAsync(['pricing', 'refresh', '--region', 'us-east-1', '--out', dir], { env: { ...credentials, ...emptyConfigFiles(), AWS_ENDPOINT_URL_PRICING: server.url } });
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('pricing:GetProducts');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual(['aws-us-east-1-2026-01-01.json']);
    expect(readFileSync(previous)).toEqual(bytes);
  });

  it('a throttled API that never recovers exits 3 after the SDK retries', async () => {
    server = await startPriceListServer({ items: [], throttleFirst: 100 });
    const { dir, bytes, previous } = pricingDirWithPrevious();
    const r = await runCliAsync(['pricing', 'refresh', '--region', 'us-east-1', '--out', dir], { env: { ...credentials, ...emptyConfigFiles(), AWS_ENDPOINT_URL_PRICING: server.url, AWS_MAX_ATTEMPTS: '2' } });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/throttl/i);
    expect(server.requests).toHaveLength(2);
    expect(readFileSync(previous)).toEqual(bytes);
  });

  it('no credentials exits 3 and says how to set them; nothing is written', async () => {
    server = await startPriceListServer({ items: priceListItems('us-east-1', '') });
    const { dir, previous, bytes } = pricingDirWithPrevious();
    const r = await runCliAsync(['pricing', 'refresh', '--region', 'us-east-1', '--out', dir], { env: { ...emptyConfigFiles(), AWS_ENDPOINT_URL_PRICING: server.url } });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('no AWS credentials');
    expect(r.stderr).toContain('AWS_ACCESS_KEY_ID');
    expect(server.requests).toHaveLength(0);
    expect(readdirSync(dir)).toEqual(['aws-us-east-1-2026-01-01.json']);
    expect(readFileSync(previous)).toEqual(bytes);
  });

  it('no region (no --region, no AWS_REGION, empty config) exits 3 and says how to set one', async () => {
    const { dir, previous, bytes } = pricingDirWithPrevious();
    const r = await runCliAsync(['pricing', 'refresh', '--out', dir], { env: { ...credentials, ...emptyConfigFiles(), AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined } });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('no AWS region');
    expect(r.stderr).toContain('--region');
    expect(r.stderr).toContain('AWS_REGION');
    expect(readFileSync(previous)).toEqual(bytes);
  });
});
