/**
 * The AWS SDK clients of the storage adapters — the only place they are built. Endpoints come from the SDK's own
 * AWS_ENDPOINT_URL_* variables; against an emulator S3 needs path-style addressing, and s3rver needs checksums
 * only when required (otherwise streamed bodies are stored with their chunk framing).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config';

const MAX_ATTEMPTS = 8;

export function dynamoClient(config: Config): DynamoDBClient {
  return new DynamoDBClient({ region: config.region, maxAttempts: MAX_ATTEMPTS });
}

export function documentClient(config: Config, client: DynamoDBClient = dynamoClient(config)): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  });
}

export function s3Client(config: Config): S3Client {
  return new S3Client({
    region: config.region,
    maxAttempts: MAX_ATTEMPTS,
    forcePathStyle: Boolean(config.endpoints.s3),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
