/**
 * The steps of loading a profile that follow validation: flags that change concurrency, and names the catalogue must
 * know. No YAML here: errors are placed in the file through `locate`, so a profile validated earlier (the built-in
 * ones, at build time) can be resolved without parsing it again.
 */
import type { Catalogue } from '../catalogue/schema.js';
import { UserError, type ErrorDetail } from '../errors.js';
import { fargateOptions } from '../model/app.js';
import type { Deployment, Profile } from './schema.js';

export interface ProfileOverrides {
  users?: number;
  concurrentUsers?: number;
  region?: string;
  model?: string;
  /** Deployment names a command's flags replace (`capacity check --db-class`): the profile's own are not checked. */
  deploymentNamesReplaced?: readonly DeploymentNameField[];
}

export type DeploymentNameField = 'taskSize' | 'instanceType' | 'instanceClass' | 'nodeType';

/** Line and column of a field in the profile's text, when it is there. */
export type Locate = (path: string[]) => { line: number; column: number } | undefined;

/** `--users` keeps the profile's concurrent share; `--concurrent` fixes the count. Both become a ratio. */
export function resolveConcurrency(profile: Profile, o: ProfileOverrides, file: string, locate: Locate): Profile {
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
    const pos = locate(['traffic', 'peakConcurrentUsers']);
    throw new UserError(`invalid profile ${file}`, [{ path: 'traffic.peakConcurrentUsers', ...(pos ? { line: pos.line, column: pos.column } : {}), message: `${traffic.peakConcurrentUsers} is more than users (${users})` }]);
  }
  return { ...profile, users, traffic };
}

/** Names the profile uses that the catalogue must know: the LLM model and any pinned instance types. */
export function checkReferences(profile: Profile, catalogue: Catalogue, file: string, flags: ProfileOverrides, locate: Locate): void {
  const details: ErrorDetail[] = [];
  const at = (path: string[], message: string, flag?: string) => {
    const pos = flag ? undefined : locate(path);
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
  if (profile.deployment) {
    for (const u of unknownDeploymentNames(profile.deployment, catalogue)) if (!flags.deploymentNamesReplaced?.includes(u.field)) at(['deployment', ...u.path], u.message);
  }
  if (details.length > 0) throw new UserError(`invalid profile ${file}`, details);
}

/**
 * Names a deployment gives that the snapshot does not know: task size, instance type, DB class, node type. Checked
 * with the rest of the profile by every command, and by `capacity check` again once its flags are applied.
 */
export function unknownDeploymentNames(d: Deployment, catalogue: Catalogue): { field: DeploymentNameField; path: string[]; message: string }[] {
  const aws = catalogue.aws;
  const out: ReturnType<typeof unknownDeploymentNames> = [];
  const sizes = fargateOptions(aws).map((o) => o.type);
  if (d.ecs?.taskSize !== undefined && !sizes.includes(d.ecs.taskSize)) {
    out.push({ field: 'taskSize', path: ['ecs', 'taskSize'], message: `unknown Fargate task size "${d.ecs.taskSize}" in ${catalogue.awsFile}; known: ${sizes.join(', ')}` });
  }
  const names: [string | undefined, 'instanceType' | 'instanceClass' | 'nodeType', string[], Record<string, unknown>, string][] = [
    [d.ec2?.instanceType, 'instanceType', ['ec2', 'instanceType'], aws.ec2, 'EC2 instance type'],
    [d.rds?.instanceClass, 'instanceClass', ['rds', 'instanceClass'], aws.rds.postgres, 'RDS instance class'],
    [d.redis?.nodeType, 'nodeType', ['redis', 'nodeType'], aws.elasticache.nodes, 'ElastiCache node type'],
  ];
  for (const [value, field, path, known, what] of names) {
    if (value !== undefined && !(value in known)) out.push({ field, path, message: `unknown ${what} "${value}" in ${catalogue.awsFile}; known: ${Object.keys(known).join(', ')}` });
  }
  return out;
}
