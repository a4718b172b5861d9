/**
 * Profile text → validated, resolved Profile. Pure: the CLI reads the file. Flags (`--users`, `--concurrent`,
 * `--region`, `--model`) are applied here, so the resolved profile in the plan shows what was planned.
 */
import { locateInYaml, parseYamlWithSchema } from '../config/yaml.js';
import { UserError, type ErrorDetail } from '../errors.js';
import type { Catalogue } from '../catalogue/schema.js';
import { profileSchema, type Profile } from './schema.js';

export interface ProfileOverrides {
  users?: number;
  concurrentUsers?: number;
  region?: string;
  model?: string;
}

export function parseProfile(text: string, file: string, overrides: ProfileOverrides = {}): Profile {
  const result = parseYamlWithSchema(text, profileSchema, (raw) => applyRawOverrides(raw as Record<string, unknown>, overrides));
  if (!result.ok) throw new UserError(`invalid profile ${file}`, result.errors.map((e) => blameFlag(e, overrides)));
  return resolveConcurrency(result.value, overrides, file, text);
}

/** An error in a value a flag set names the flag, not the profile line the flag replaced. */
function blameFlag(detail: ErrorDetail, o: ProfileOverrides): ErrorDetail {
  const flag = detail.path === 'region' && o.region !== undefined ? '--region' : detail.path === 'llm.model' && o.model !== undefined ? '--model' : undefined;
  return flag ? { path: flag, message: detail.message } : detail;
}

function applyRawOverrides(raw: Record<string, unknown>, o: ProfileOverrides): Record<string, unknown> {
  const out = { ...raw };
  if (o.region !== undefined) out.region = o.region;
  if (o.model !== undefined) out.llm = { ...((raw.llm as Record<string, unknown> | undefined) ?? {}), model: o.model };
  return out;
}

/** `--users` keeps the profile's concurrent share; `--concurrent` fixes the count. Both become a ratio. */
function resolveConcurrency(profile: Profile, o: ProfileOverrides, file: string, text: string): Profile {
  const traffic = { ...profile.traffic };
  if (o.users !== undefined && traffic.peakConcurrentUsers !== undefined) {
    traffic.peakConcurrentRatio = Math.min(1, traffic.peakConcurrentUsers / profile.users);
    delete traffic.peakConcurrentUsers;
  }
  const users = o.users ?? profile.users;
  if (o.concurrentUsers !== undefined) {
    if (o.concurrentUsers > users) throw new UserError(`--concurrent ${o.concurrentUsers} is more than the ${users} users planned for`, [], `pass --users as well, or a smaller --concurrent (profile ${file})`);
    traffic.peakConcurrentRatio = o.concurrentUsers / users;
    delete traffic.peakConcurrentUsers;
  }
  if (traffic.peakConcurrentUsers !== undefined && traffic.peakConcurrentUsers > users) {
    const pos = locateInYaml(text, ['traffic', 'peakConcurrentUsers']);
    throw new UserError(`invalid profile ${file}`, [{ path: 'traffic.peakConcurrentUsers', ...(pos ? { line: pos.line, column: pos.column } : {}), message: `${traffic.peakConcurrentUsers} is more than users (${users})` }]);
  }
  return { ...profile, users, traffic };
}

/** Names the profile uses that the catalogue must know: the LLM model and any pinned instance types. */
export function checkCatalogueReferences(profile: Profile, catalogue: Catalogue, text: string, file: string, flags: ProfileOverrides = {}): void {
  const details: ErrorDetail[] = [];
  const at = (path: string[], message: string, flag?: string) => {
    const pos = flag ? undefined : locateInYaml(text, path);
    details.push({ path: flag ?? path.join('.'), ...(pos ? { line: pos.line, column: pos.column } : {}), message });
  };
  const model = profile.llm?.model;
  if (model !== undefined && profile.llm?.perRequestUsd === undefined && !catalogue.llm.models[model]) {
    at(['llm', 'model'], `unknown model "${model}"; known: ${Object.keys(catalogue.llm.models).join(', ')}`, flags.model !== undefined ? '--model' : undefined);
  }
  const lists: [string[] | undefined, string[], Record<string, unknown>, string][] = [
    [profile.app.ec2Types, ['app', 'ec2Types'], catalogue.aws.ec2, 'EC2 instance type'],
    [profile.database.classes, ['database', 'classes'], catalogue.aws.rds.postgres, 'RDS instance class'],
    [profile.redis.nodeTypes, ['redis', 'nodeTypes'], catalogue.aws.elasticache.nodes, 'ElastiCache node type'],
  ];
  for (const [values, path, known, what] of lists) {
    values?.forEach((value, i) => {
      if (!(value in known)) at([...path, String(i)], `unknown ${what} "${value}" in ${catalogue.awsFile}; known: ${Object.keys(known).join(', ')}`);
    });
  }
  if (details.length > 0) throw new UserError(`invalid profile ${file}`, details);
}
