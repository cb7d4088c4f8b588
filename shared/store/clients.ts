/**
 * The AWS SDK clients of the storage adapters — the only place they are built. Endpoints come from the SDK's own
 * AWS_ENDPOINT_URL_* variables; against an emulator S3 needs path-style addressing, and s3rver needs checksums
 * only when required (otherwise streamed bodies are stored with their chunk framing).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '#shared/config';

const MAX_ATTEMPTS = 8;

/** A call about to go out (after the SDK's retry middleware, so what it throws is retried like a real error). */
export interface SdkCall {
  service: 'dynamodb' | 's3';
  command: string;
  input: Record<string, unknown>;
}
export type Interceptor = (call: SdkCall) => void | Promise<void>;

const interceptors = new Set<Interceptor>();

/**
 * Sees (and may fail) every DynamoDB and S3 call of the adapters — the seam the resilience tests use to inject
 * throttling, S3 errors or a crash mid-report into the real handler. Returns the function that removes it.
 * With none registered it costs one empty loop per call.
 */
export function intercept(fn: Interceptor): () => void {
  interceptors.add(fn);
  return () => interceptors.delete(fn);
}

interface MiddlewareClient {
  middlewareStack: { add(mw: unknown, opts: Record<string, unknown>): void };
}

function attachInterceptors<C>(client: C, service: SdkCall['service']): C {
  (client as unknown as MiddlewareClient).middlewareStack.add(
    (next: (args: { input: Record<string, unknown> }) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: { input: Record<string, unknown> }) => {
        for (const f of interceptors) await f({ service, command: context.commandName ?? '', input: args.input });
        return next(args);
      },
    { step: 'finalizeRequest', priority: 'low', name: 'intakeInterceptors', override: true },
  );
  return client;
}

export function dynamoClient(config: Config): DynamoDBClient {
  return attachInterceptors(new DynamoDBClient({ region: config.region, maxAttempts: MAX_ATTEMPTS }), 'dynamodb');
}

export function documentClient(config: Config, client: DynamoDBClient = dynamoClient(config)): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  });
}

export function s3Client(config: Config): S3Client {
  return attachInterceptors(new S3Client({
    region: config.region,
    maxAttempts: MAX_ATTEMPTS,
    forcePathStyle: Boolean(config.endpoints.s3),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  }), 's3');
}
