/**
 * Inbound email function: SES receipt rule (S3 action stores the raw message under inbound/<messageId>, then the
 * Lambda action invokes this with the verdicts). Wiring only: zod-parsed SES event → once per SES message id →
 * shared/inbound/ses-record (raw message → receiveMessage). Logs and metrics carry codes and counts only.
 */
import { makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { Context, SESEvent } from 'aws-lambda';
import { loadConfig } from '#shared/config';
import { ownDomains } from '#shared/inbound/automatic';
import { RawMessageMissing, receiveSesRecord, type SesRecord } from '#shared/inbound/ses-record';
import { SesEvent } from '#shared/inbound/verdicts';
import { sesMailer } from '#shared/mail/ses';
import { guardMailer } from '#shared/recipients/guard';
import { dynamoStore } from '#shared/store/dynamo';
import { s3Blobs } from '#shared/store/s3';
import { parseEvent } from './commons/events';
import { idempotencyFor } from './commons/idempotency';
import { flushMetrics, logger, metrics, MetricUnit } from './commons/powertools';
import { perEnvironment } from './commons/wiring';

const wiring = perEnvironment(() => {
  const config = loadConfig(process.env);
  const store = dynamoStore(config);
  const deps = {
    store, blobs: s3Blobs(config), mailer: guardMailer(sesMailer(config), store), secretariat: config.secretariatAddress,
    ourDomains: ownDomains(config.senderAddress, config.inboundAddress),
  };
  const idempotency = idempotencyFor(config, { eventKeyJmesPath: 'ses.mail.messageId' });
  // one message, once: a retried async invocation (or SES invoking twice) finds the first outcome
  const receiveOnce = makeIdempotent((record: SesRecord) => receiveSesRecord(record, {
    ...deps, log: (evt, fields) => logger.info(evt, { sesMessageId: record.ses.mail.messageId, ...fields }),
  }), { ...idempotency, dataIndexArgument: 0 });
  return { receiveOnce, idempotencyConfig: idempotency.config };
});

export const handler = async (event: SESEvent, context: Context) => {
  logger.addContext(context);
  const ses = parseEvent(SesEvent, event, { name: 'SES', metric: 'InboundInvalidEvent' });
  const { receiveOnce, idempotencyConfig } = wiring();
  idempotencyConfig.registerLambdaContext(context);
  const results: Array<{ sesMessageId: string; state: string; reason?: string; saved: number }> = [];
  try {
    for (const record of ses.Records) {
      const sesMessageId = record.ses.mail.messageId;
      const outcome = await receiveOnce(record).catch((err: unknown) => {
        if (err instanceof RawMessageMissing) metrics.addMetric('InboundRawMissing', MetricUnit.Count, 1); // then retried
        throw err;
      });
      metrics.addMetric(`Inbound_${outcome.state}`, MetricUnit.Count, 1);
      logger.info('inbound message handled', { sesMessageId, state: outcome.state, reason: outcome.reason, saved: outcome.saved, problems: outcome.problems });
      results.push({ sesMessageId, state: outcome.state, reason: outcome.reason, saved: outcome.saved });
    }
  } finally {
    flushMetrics();
  }
  // for a synchronous (RequestResponse) invocation, SES reads `disposition`; CONTINUE lets the rule set go on
  return { disposition: 'CONTINUE' as const, results };
};
