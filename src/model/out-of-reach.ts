/**
 * Why a phase has no configuration at all, not even one over its limits: no instance type or task size can run the
 * app at a count the phase allows (one EC2 instance; at most MAX_TASKS_PER_SERVICE Fargate tasks). Only asked when
 * that happens, for the error and the rejection that say so, so it is kept out of the search.
 */
import { appDemandOf, dbConnectionsOf, instancesNeeded, type AppOption } from './app.js';
import { MAX_TASKS_PER_SERVICE, phaseInputs, topology, type PhaseContext } from './candidates.js';
import { groupThousands } from './quantity.js';
import type { PhaseId, Rejection } from './types.js';

const LIMIT_WORDS = { 'app.cpu': 'the CPU of its messages', 'db.pool': 'its database pool', 'app.memory': 'its memory' } as const;

export function appOutOfReach(phase: PhaseId, ctx: PhaseContext): Rejection & { hint: string } {
  const { profile, target } = ctx;
  const { onFargate, appCtx } = topology(phase, ctx);
  const { options } = phaseInputs(phase, ctx.aws, profile, onFargate);
  const need = appDemandOf(appCtx);
  const sizes = onFargate ? 'task size' : 'instance type';
  if (options.length === 0) {
    return {
      phase,
      constraint: 'app.memory',
      reason: `app.ec2Types allows no ${phase === 'single-instance' ? 'burstable ' : ''}instance type of ${ctx.aws.region}'s snapshot for this phase`,
      hint: `add ${phase === 'single-instance' ? 'a burstable type (t3, t4g) ' : 'a type '}to app.ec2Types, or remove it`,
    };
  }
  if (need.poolConnectionsAtTarget > 0 && options.every((o) => dbConnectionsOf(o, 1, profile) === 0)) {
    return {
      phase,
      constraint: 'db.pool',
      reason: 'the app opens no database connections (database.poolSizePerWorker + database.maxOverflowPerWorker = 0) but has queries in flight',
      hint: 'give database.poolSizePerWorker a size of at least 1',
    };
  }
  // The option that needs the fewest instances: the best any size in the catalogue does.
  let fewest: { option: AppOption; needed: number } | undefined;
  for (const option of options) {
    const needed = instancesNeeded(option, appCtx, need);
    if (needed !== undefined && (!fewest || needed < fewest.needed)) fewest = { option, needed };
  }
  if (!fewest) {
    return {
      phase,
      constraint: 'app.memory',
      reason: `no ${sizes} in the catalogue holds its own workers under ${Math.round(target * 100)} % of its memory: each worker needs ${groupThousands(profile.app.processBaseMB)} MB (app.processBaseMB), ${profile.app.workersPerVcpu} per vCPU (app.workersPerVcpu)`,
      hint: 'lower app.processBaseMB or app.workersPerVcpu, or raise targets.utilization',
    };
  }
  const { option, needed } = fewest;
  // instancesNeeded is the largest of the three limits' counts: the one equal to it is the limit that binds.
  const cpuNeeded = need.cpuVcpuAtTarget / option.vcpu;
  const poolNeeded = need.poolConnectionsAtTarget > 0 ? need.poolConnectionsAtTarget / dbConnectionsOf(option, 1, profile) : 0;
  const limit = needed === cpuNeeded ? 'app.cpu' : needed === poolNeeded ? 'db.pool' : 'app.memory';
  const allowed = onFargate ? `the ${groupThousands(MAX_TASKS_PER_SERVICE)} tasks an ECS service may run` : 'the one instance this phase runs';
  return {
    phase,
    constraint: limit,
    reason: `${LIMIT_WORDS[limit]} alone needs ${groupThousands(Math.ceil(needed))} × ${option.type} at ${Math.round(target * 100)} % (the ${sizes} that needs the fewest), more than ${allowed}`,
    hint:
      limit === 'app.cpu'
        ? 'lower app.cpuMsPerMessage or the message rate, or raise targets.utilization'
        : limit === 'db.pool'
          ? 'raise database.poolSizePerWorker or database.maxOverflowPerWorker, or lower the queries in flight'
          : 'lower conversation.threadBytes or app.connectionKB, or raise targets.utilization',
  };
}
