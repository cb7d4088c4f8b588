/**
 * Powertools idempotency, configured once: DynamoDB persistence in IDEMPOTENCY_TABLE_NAME (dynalite locally),
 * records kept 7 days — longer than any SQS or async-invoke retry window.
 */
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Config } from '#shared/config';
import { dynamoClient } from '#shared/store/clients';

export function idempotencyFor(config: Config, opts: { eventKeyJmesPath?: string } = {}) {
  return {
    config: new IdempotencyConfig({ expiresAfterSeconds: 7 * 24 * 3600, ...opts }),
    persistenceStore: new DynamoDBPersistenceLayer({ tableName: config.idempotencyTableName, awsSdkV3Client: dynamoClient(config) }),
  };
}
