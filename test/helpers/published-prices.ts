/**
 * Published AWS prices the seed tests compute with, USD, us-east-1 on demand (shared/reference/aws-llm-facts.md,
 * the source of the bundled snapshot). Tests multiply these by hand rather than reading the snapshot, so a wrong
 * snapshot value or a wrong formula fails them.
 */
export const HOURS = 730;
export const RDS_T4G_MICRO = 0.016;
export const RDS_T4G_MICRO_MULTI_AZ = 0.032;
export const CACHE_T4G_MICRO = 0.016;
export const FARGATE_VCPU = 0.04048;
export const FARGATE_GB = 0.004445;
export const ALB_HOUR = 0.0225;
export const ALB_LCU_HOUR = 0.008;
export const GP3_GB_MONTH = 0.115;
export const GP3_GB_MONTH_MULTI_AZ = 0.23;
export const EC2_T3_SMALL = 0.0208;
export const RDS_T4G_SMALL = 0.032;
export const RDS_M6G_LARGE_MULTI_AZ = 0.318;
