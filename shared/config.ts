/**
 * Configuration, from the environment only — the same variables in Lambda (set by the CDK stack) and locally
 * (set by the embedded stack, local/stack.ts). Endpoints are not ours: the AWS SDK reads its own
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
  /** the SES configuration set every message is sent with (bounce/complaint events, suppression). */
  SES_CONFIGURATION_SET: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
  /** the OCR step's queue (scanned PDFs); unset: scans are quarantined as 'no_text'. */
  OCR_QUEUE_URL: optionalUrl,
  /** pages the OCR function reads per invocation before re-queueing the rest. */
  OCR_PAGES_PER_RUN: positiveInt.default(40),
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
  ocr: { queueUrl?: string; pagesPerRun: number };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly messageVi: string;
  constructor(readonly issues: string[]) {
    super(`invalid configuration: ${issues.join('; ')}`);
    this.messageVi = `Cấu hình không hợp lệ: ${issues.join('; ')}`;
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
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
    ocr: { ...(e.OCR_QUEUE_URL ? { queueUrl: e.OCR_QUEUE_URL } : {}), pagesPerRun: e.OCR_PAGES_PER_RUN },
  };
}

/** The variables that name where the data is: clients built from a Config are reused while these stay the same. */
const PLACE = [
  'TABLE_NAME', 'IDEMPOTENCY_TABLE_NAME', 'BUCKET_NAME',
  'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL_SESV2',
] as const;

export function placeOf(env: Record<string, string | undefined> = process.env): string {
  return PLACE.map((k) => env[k] ?? '').join('|');
}

/** Logs' service name and the metrics' namespace (POWERTOOLS_SERVICE_NAME / POWERTOOLS_METRICS_NAMESPACE). */
export function telemetryConfig(env: Record<string, string | undefined> = process.env): { serviceName: string; metricsNamespace: string } {
  return { serviceName: env.POWERTOOLS_SERVICE_NAME || 'intake', metricsNamespace: env.POWERTOOLS_METRICS_NAMESPACE || 'DeAn06Intake' };
}
