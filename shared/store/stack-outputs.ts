/**
 * `intake --aws …` without TABLE_NAME/BUCKET_NAME in the environment: read them from the deployed stack's outputs
 * (infra/stack.ts: TableName, IdempotencyTableName, BucketName), so an operator needs only an AWS profile/region.
 * The round links' key (AgencyLinkSecretArn) and the page's address (ConsoleUrl) come along: `intake --aws round
 * link issue` and `templates send` sign and print links with them. When only those are missing, a stack that
 * cannot be read is not an error (the commands then say the link cannot be made). The dead-letter queues' URLs
 * (IngestDlqUrl, OcrDlqUrl) come along too, for `intake --aws dlq`.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { REQUIRED_STACK_NAMES, type StackName } from '#shared/config';

/** stack output key → the environment variable the handlers and the CLI read. */
export const OUTPUT_ENV: Record<string, StackName> = {
  TableName: 'TABLE_NAME',
  IdempotencyTableName: 'IDEMPOTENCY_TABLE_NAME',
  BucketName: 'BUCKET_NAME',
  AgencyLinkSecretArn: 'AGENCY_LINK_SECRET_ARN',
  ConsoleUrl: 'WEB_BASE_URL',
  IngestDlqUrl: 'INGEST_DLQ_URL',
  OcrDlqUrl: 'OCR_DLQ_URL',
};

export type DescribeOutputs = (stackName: string) => Promise<Array<{ OutputKey?: string; OutputValue?: string }>>;

const describeWithSdk: DescribeOutputs = async (stackName) => {
  const res = await new CloudFormationClient({}).send(new DescribeStacksCommand({ StackName: stackName }));
  return res.Stacks?.[0]?.Outputs ?? [];
};

/** The names missing from `given` (#shared/config awsTarget) that the stack's outputs provide (nothing set is replaced). */
export async function namesFromStack(
  stackName: string,
  given: Record<string, string | undefined>,
  describe: DescribeOutputs = describeWithSdk,
): Promise<Record<string, string>> {
  const missing = Object.values(OUTPUT_ENV).filter((k) => !given[k]);
  if (!missing.length) return {};
  let outputs: Awaited<ReturnType<DescribeOutputs>>;
  try {
    outputs = await describe(stackName);
  } catch (err) {
    if (!missing.some((k) => REQUIRED_STACK_NAMES.includes(k))) return {};
    throw Object.assign(new Error(`cannot read the outputs of stack ${stackName}: ${(err as Error).name}`), {
      messageVi: `Không đọc được thông tin của stack "${stackName}" trên AWS (kiểm tra hồ sơ/vùng AWS, hoặc đặt INTAKE_STACK_NAME)`,
    });
  }
  const found: Record<string, string> = {};
  for (const o of outputs) {
    const name = o.OutputKey ? OUTPUT_ENV[o.OutputKey] : undefined;
    if (name && o.OutputValue && !given[name]) found[name] = o.OutputValue;
  }
  return found;
}
