/** Maps AWS SDK failures to an AwsError (exit 3) with a message that says what to do. */
import { AwsError } from '../errors.js';

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

export function toAwsError(error: unknown, action: string, endpoint: string): AwsError {
  if (error instanceof AwsError) return error;
  const e = (error ?? {}) as SdkError;
  const name = e.name ?? e.code ?? '';
  const message = e.message ?? String(error);
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return new AwsError('no AWS credentials found', 'set AWS_PROFILE (with `aws configure` or `aws sso login`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY', 'NoCredentials');
  }
  if (/Region is missing/i.test(message)) return noRegionError();
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || e.$metadata?.httpStatusCode === 403) {
    return new AwsError(`access denied: these credentials may not call ${action} (${message})`, `grant ${action} in an IAM policy (see README)`, 'AccessDenied');
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded/i.test(name)) {
    return new AwsError(`AWS kept throttling ${action} after ${e.$metadata?.attempts ?? 'several'} attempts`, 'wait a minute and run it again, or raise AWS_MAX_ATTEMPTS', 'Throttling');
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|socket hang up|TimeoutError/i.test(`${name} ${message}`)) {
    return new AwsError(`cannot reach ${endpoint}: ${message}`, 'check the network, a proxy, or AWS_ENDPOINT_URL_* settings', 'Network');
  }
  return new AwsError(`${action} failed: ${name ? `${name}: ` : ''}${message}`);
}

export function noRegionError(): AwsError {
  return new AwsError('no AWS region given', 'pass --region, or set AWS_REGION (or a region in ~/.aws/config for your profile)', 'NoRegion');
}
