/** What an AWS region name looks like (us-east-1, eu-central-2, us-gov-west-1): one pattern for profiles and flags. */
export const AWS_REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
export const AWS_REGION_MESSAGE = 'expected an AWS region such as us-east-1';
