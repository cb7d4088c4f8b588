/**
 * Configuration, from the environment only — the same variables in Lambda (set by the CDK stack) and locally
 * (set by the embedded stack, local/stack.ts). This is the one module that reads environment variables (the
 * handlers in functions/ hand `process.env` to it; tests/meta/env-reads.test.ts checks that nothing else reads them). Endpoints are not ours: the AWS SDK reads its own
 * AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_SESV2 variables; we only look at them to know
 * that an emulator is in use (path-style S3 addressing).
 */
import { z } from 'zod';
import { ExtractLimits } from './extract/model';
import { INGEST_MAX_RECEIVES } from './ingest/prefixes';

const positiveInt = z.coerce.number().int().positive();
const optionalUrl = z.url().optional();
const optionalEmail = z.string().min(3).optional();

export const ConfigEnv = z.object({
  TABLE_NAME: z.string().min(1),
  IDEMPOTENCY_TABLE_NAME: z.string().min(1),
  BUCKET_NAME: z.string().min(3),
  SENDER_ADDRESS: optionalEmail,
  SECRETARIAT_ADDRESS: optionalEmail,
  INBOUND_ADDRESS: optionalEmail,
  AWS_REGION: z.string().min(1).default('ap-southeast-1'),
  AWS_ENDPOINT_URL_DYNAMODB: optionalUrl,
  AWS_ENDPOINT_URL_S3: optionalUrl,
  AWS_ENDPOINT_URL_SESV2: optionalUrl,
  INTAKE_MAX_BYTES: positiveInt.optional(),
  INTAKE_MAX_PAGES: positiveInt.optional(),
  INTAKE_MAX_UNCOMPRESSED_BYTES: positiveInt.optional(),
  /** the ingest queue's maxReceiveCount (set by the CDK stack and the local stack from INGEST_MAX_RECEIVES). */
  INGEST_MAX_RECEIVE_COUNT: positiveInt.default(INGEST_MAX_RECEIVES),
  /** the ingest dead-letter queue (stack output IngestDlqUrl), for `intake dlq` against AWS. */
  INGEST_DLQ_URL: optionalUrl,
  /** the OCR step's dead-letter queue (stack output OcrDlqUrl), for `intake dlq --queue ocr` against AWS. */
  OCR_DLQ_URL: optionalUrl,
  /** the SES configuration set every message is sent with (bounce/complaint events, suppression). */
  SES_CONFIGURATION_SET: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
  /** the OCR step's queue (scanned PDFs); unset: scans are quarantined as 'no_text'. */
  OCR_QUEUE_URL: optionalUrl,
  /** pages the OCR function reads per invocation before re-queueing the rest. */
  OCR_PAGES_PER_RUN: positiveInt.default(40),
  /** the HMAC key of agencies' round links (#16): locally kept in the data dir, on AWS from Secrets Manager. */
  AGENCY_LINK_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  /** on AWS: the Secrets Manager secret holding it (read at a cold start; the value never in the environment). */
  AGENCY_LINK_SECRET_ARN: z.string().min(20).optional(),
  /** days after a round's deadline its links still work. */
  AGENCY_LINK_GRACE_DAYS: z.coerce.number().int().nonnegative().max(90).default(7),
  /** the web application's public address (links in mail point there); unset: mails carry no page link. */
  WEB_BASE_URL: optionalUrl,
});

export interface Config {
  tableName: string;
  idempotencyTableName: string;
  bucketName: string;
  senderAddress?: string;
  secretariatAddress?: string;
  inboundAddress?: string;
  /** SES configuration set used for every send (events → shared/recipients). */
  configurationSet?: string;
  region: string;
  /** set only when talking to emulators (or any non-default endpoint). */
  endpoints: { dynamodb?: string; s3?: string; sesv2?: string };
  /** extraction limits overridden by INTAKE_MAX_*; the rest keep ExtractLimits' defaults. */
  limits: Partial<ExtractLimits>;
  /** receives of an upload event before it moves to the dead-letter queue. */
  ingestMaxReceives: number;
  ingestDlqUrl?: string;
  ocrDlqUrl?: string;
  ocr: { queueUrl?: string; pagesPerRun: number };
  /** agencies' round links (#16): the signing secret, the grace period after the deadline, where the page is. */
  agencyLinks: { secret?: string; secretArn?: string; graceDays: number; baseUrl?: string };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly messageVi: string;
  constructor(readonly issues: string[]) {
    super(`invalid configuration: ${issues.join('; ')}`);
    this.messageVi = `Cấu hình không hợp lệ: ${issues.join('; ')}`;
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  // empty strings count as unset
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigEnv.safeParse(clean);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const limits: Partial<ExtractLimits> = {};
  if (e.INTAKE_MAX_BYTES) limits.maxBytes = e.INTAKE_MAX_BYTES;
  if (e.INTAKE_MAX_PAGES) limits.maxPages = e.INTAKE_MAX_PAGES;
  if (e.INTAKE_MAX_UNCOMPRESSED_BYTES) limits.maxUncompressedBytes = e.INTAKE_MAX_UNCOMPRESSED_BYTES;
  return {
    tableName: e.TABLE_NAME,
    idempotencyTableName: e.IDEMPOTENCY_TABLE_NAME,
    bucketName: e.BUCKET_NAME,
    senderAddress: e.SENDER_ADDRESS,
    secretariatAddress: e.SECRETARIAT_ADDRESS,
    inboundAddress: e.INBOUND_ADDRESS,
    configurationSet: e.SES_CONFIGURATION_SET,
    region: e.AWS_REGION,
    endpoints: { dynamodb: e.AWS_ENDPOINT_URL_DYNAMODB, s3: e.AWS_ENDPOINT_URL_S3, sesv2: e.AWS_ENDPOINT_URL_SESV2 },
    limits,
    ingestMaxReceives: e.INGEST_MAX_RECEIVE_COUNT,
    ingestDlqUrl: e.INGEST_DLQ_URL,
    ocrDlqUrl: e.OCR_DLQ_URL,
    ocr: { ...(e.OCR_QUEUE_URL ? { queueUrl: e.OCR_QUEUE_URL } : {}), pagesPerRun: e.OCR_PAGES_PER_RUN },
    agencyLinks: {
      ...(e.AGENCY_LINK_SECRET ? { secret: e.AGENCY_LINK_SECRET } : {}),
      ...(e.AGENCY_LINK_SECRET_ARN ? { secretArn: e.AGENCY_LINK_SECRET_ARN } : {}),
      graceDays: e.AGENCY_LINK_GRACE_DAYS,
      ...(e.WEB_BASE_URL ? { baseUrl: e.WEB_BASE_URL.replace(/\/+$/, '') } : {}),
    },
  };
}

/** The variables that name where the data is: clients built from a Config are reused while these stay the same. */
const PLACE = [
  'TABLE_NAME', 'IDEMPOTENCY_TABLE_NAME', 'BUCKET_NAME',
  'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL_SESV2',
] as const;

export function placeOf(env: Env = process.env): string {
  return PLACE.map((k) => env[k] ?? '').join('|');
}

/** Logs' service name and the metrics' namespace (POWERTOOLS_SERVICE_NAME / POWERTOOLS_METRICS_NAMESPACE). */
export function telemetryConfig(env: Env = process.env): { serviceName: string; metricsNamespace: string } {
  return { serviceName: env.POWERTOOLS_SERVICE_NAME || 'intake', metricsNamespace: env.POWERTOOLS_METRICS_NAMESPACE || 'DeAn06Intake' };
}

/** Running under CI (CI=true/1, as CI services set it): nothing waits for a person (`npm start` does not keep the console up). */
export function isCi(env: Env = process.env): boolean {
  return Boolean(env.CI) && env.CI !== 'false' && env.CI !== '0';
}

/** The log level the embedded stack gives its functions (POWERTOOLS_LOG_LEVEL; quiet by default). */
export function localLogLevel(env: Env = process.env): string {
  return env.POWERTOOLS_LOG_LEVEL ?? 'WARN';
}

const EXTRACT_ENV: Record<keyof ExtractLimits, string> = {
  maxBytes: 'INTAKE_MAX_BYTES',
  maxPages: 'INTAKE_MAX_PAGES',
  maxUncompressedBytes: 'INTAKE_MAX_UNCOMPRESSED_BYTES',
  maxZipEntries: 'INTAKE_MAX_ZIP_ENTRIES',
  maxCompressionRatio: 'INTAKE_MAX_COMPRESSION_RATIO',
  timeoutMs: 'INTAKE_TIMEOUT_MS',
  maxContentXmlBytes: 'INTAKE_MAX_CONTENT_XML_BYTES',
};
const EnvNumber = z.coerce.number().positive();

/** The extraction limits the environment sets (INTAKE_MAX_*, INTAKE_TIMEOUT_MS); explicit options override these. */
export function extractLimitsEnv(env: Env = process.env): Partial<ExtractLimits> {
  const out: Partial<Record<keyof ExtractLimits, number>> = {};
  for (const [key, name] of Object.entries(EXTRACT_ENV) as Array<[keyof ExtractLimits, string]>) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    const parsed = EnvNumber.safeParse(v);
    if (!parsed.success) throw new Error(`${name} must be a positive number`);
    out[key] = parsed.data;
  }
  return out;
}

const INBOUND_ENV = {
  INTAKE_INBOUND_MAX_BYTES: 'maxMessageBytes',
  INTAKE_INBOUND_MAX_DEPTH: 'maxDepth',
  INTAKE_INBOUND_MAX_PARTS: 'maxParts',
  INTAKE_INBOUND_MAX_ATTACHMENTS: 'maxAttachments',
  INTAKE_INBOUND_MAX_REPLIES: 'maxRepliesPerDay',
} as const;
export type InboundLimitsEnv = Partial<Record<(typeof INBOUND_ENV)[keyof typeof INBOUND_ENV], number>>;

/** The inbound mail limits the environment sets (INTAKE_INBOUND_*); explicit options override these. */
export function inboundLimitsEnv(env: Env = process.env): InboundLimitsEnv {
  const out: InboundLimitsEnv = {};
  for (const [name, key] of Object.entries(INBOUND_ENV) as Array<[keyof typeof INBOUND_ENV, keyof InboundLimitsEnv]>) {
    const v = env[name];
    if (v !== undefined && v !== '') out[key] = z.coerce.number().int().positive().parse(v);
  }
  return out;
}

/** Where the Lambda bundle copied seeds/ (INTAKE_SEEDS_DIR, set by the CDK stack); unset in a checkout. */
export function seedsDirSetting(env: Env = process.env): string | undefined {
  return env.INTAKE_SEEDS_DIR || undefined;
}

/** The folder of the running Lambda bundle (LAMBDA_TASK_ROOT); unset outside Lambda. */
export function lambdaTaskRoot(env: Env = process.env): string | undefined {
  return env.LAMBDA_TASK_ROOT || undefined;
}

/**
 * The key of the console's CSRF tokens: in AWS the ARN of the Secrets Manager secret that holds it
 * (CONSOLE_SECRET_ARN, set by the CDK stack; the function reads it at a cold start), or the value itself
 * (CONSOLE_SECRET: tests and hand-run setups only).
 */
export function consoleSecretSetting(env: Env = process.env): { secretArn?: string; secret?: string } {
  return { secretArn: env.CONSOLE_SECRET_ARN || undefined, secret: env.CONSOLE_SECRET || undefined };
}

/**
 * The names a deployed stack's outputs provide (shared/store/stack-outputs): the first three are needed, the rest
 * (the round links' key, the page's address, the dead-letter queues of `intake dlq`) are filled in when the stack is
 * read anyway.
 */
export const STACK_NAMES = ['TABLE_NAME', 'IDEMPOTENCY_TABLE_NAME', 'BUCKET_NAME', 'AGENCY_LINK_SECRET_ARN', 'WEB_BASE_URL', 'INGEST_DLQ_URL', 'OCR_DLQ_URL'] as const;
export const REQUIRED_STACK_NAMES: readonly StackName[] = STACK_NAMES.slice(0, 3);
export type StackName = (typeof STACK_NAMES)[number];

export interface AwsTarget {
  /** the environment points the CLI at AWS (or at endpoints given explicitly), without `--aws`. */
  wanted: boolean;
  /** AWS_ENDPOINT_URL_DYNAMODB is set: use the endpoints as they are, read no stack. */
  endpointsGiven: boolean;
  /** the deployed stack to read missing names from (INTAKE_STACK_NAME, default DeAn06Intake). */
  stackName: string;
  /** the names already set (STACK_NAMES). */
  names: Partial<Record<StackName, string>>;
}

/** What the `intake` CLI reads of the environment to choose AWS over the local stack, and where on AWS. */
export function awsTarget(env: Env = process.env): AwsTarget {
  const endpointsGiven = Boolean(env.AWS_ENDPOINT_URL_DYNAMODB);
  const names = Object.fromEntries(STACK_NAMES.filter((k) => env[k]).map((k) => [k, env[k]!]));
  return {
    wanted: endpointsGiven || Boolean(env.TABLE_NAME && (env.AWS_PROFILE || env.AWS_REGION || env.AWS_DEFAULT_REGION)),
    endpointsGiven,
    stackName: env.INTAKE_STACK_NAME ?? 'DeAn06Intake',
    names,
  };
}
