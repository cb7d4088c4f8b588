/**
 * What the ingest and the OCR functions both hand the ingest use cases (shared/ingest): the store and bucket, the
 * stages, the registry (cached per warm container), and the receipt sent when a report is final.
 */
import type { Config } from '#shared/config';
import { defaultStages } from '#shared/ingest/stages';
import { sesMailer } from '#shared/mail/ses';
import { guardMailer } from '#shared/recipients/guard';
import { receiptHook } from '#shared/receipts/send';
import { cachedRegistry } from '#shared/registry/cache';
import { dynamoStore } from '#shared/store/dynamo';
import { s3Blobs } from '#shared/store/s3';
import { log, logger } from './powertools';

export function ingestDeps(config: Config) {
  const store = dynamoStore(config);
  return {
    store, blobs: s3Blobs(config), config, log, stages: defaultStages(), loadTasks: cachedRegistry(store),
    onProcessed: receiptHook({ store, mailer: guardMailer(sesMailer(config), store), secretariat: config.secretariatAddress, log: (m, f) => logger.info(m, f) }),
  };
}
