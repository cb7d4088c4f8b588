/**
 * Inbound email function: SES receipt rule (S3 action stores the raw message under inbound/<messageId>, then the
 * Lambda action invokes this with the verdicts). Thin wiring only: zod-parsed SES event → raw message from S3 →
 * shared/inbound/receive (limits, verdicts, sender → agency, attachments saved under uploads/<agency>/ for the
 * ingest path). Logs and metrics carry codes and counts, never addresses, subjects or names.
 */
import { makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { Context, SESEvent } from 'aws-lambda';
import { loadConfig } from '#shared/config';
import { PREFIXES } from '#shared/ingest/prefixes';
import { receiveMessage } from '#shared/inbound/receive';
import { SesEvent } from '#shared/inbound/verdicts';
import { sesMailer } from '#shared/mail/ses';
import { ownDomains } from '#shared/inbound/automatic';
import { guardMailer } from '#shared/recipients/guard';
import { s3Blobs } from '#shared/store/s3';
import { dynamoStore } from '#shared/store/dynamo';
import { idempotencyFor } from './commons/idempotency';
import { logger, metrics, MetricUnit } from './commons/powertools';
import { perEnvironment } from './commons/wiring';

type Outcome = Awaited<ReturnType<typeof receiveMessage>>;
type SesRecord = SesEvent['Records'][number];

function wire() {
  const config = loadConfig(process.env);
  const store = dynamoStore(config);
  const blobs = s3Blobs(config);
  const mailer = guardMailer(sesMailer(config), store);
  const idempotency = idempotencyFor(config, { eventKeyJmesPath: 'ses.mail.messageId' });
  /**
   * One message, once: an async invocation retried after a crash (or SES invoking twice) finds the first
   * outcome instead of saving files and sending notices again. Keyed on SES's message id.
   */
  const receiveOnce = makeIdempotent(
    async (record: SesRecord): Promise<Pick<Outcome, 'state' | 'reason'> & { saved: number; problems: string[] }> => {
      const rawKey = rawKeyOf(record);
      const blob = await blobs.get(rawKey);
      if (!blob) {
        // SES writes the object before invoking the Lambda action; a missing object is an operator problem: retry
        logger.error('raw message not found', { sesMessageId: record.ses.mail.messageId });
        metrics.addMetric('InboundRawMissing', MetricUnit.Count, 1);
        throw new Error('raw message not found in bucket');
      }
      const outcome = await receiveMessage(
        { raw: blob.bytes, rawKey, receipt: record.ses.receipt, receivedAt: record.ses.mail.timestamp, envelopeFrom: record.ses.mail.source },
        {
          store, blobs, mailer, secretariat: config.secretariatAddress, ourDomains: ownDomains(config.senderAddress, config.inboundAddress),
          log: (evt, fields) => logger.info(evt, { sesMessageId: record.ses.mail.messageId, ...fields }),
        },
      );
      // stored as the idempotency record: plain JSON, no undefined values
      return {
        state: outcome.state, ...(outcome.reason ? { reason: outcome.reason } : {}),
        saved: outcome.saved.length, problems: outcome.problems.map((p) => p.code),
      };
    },
    { persistenceStore: idempotency.persistenceStore, config: idempotency.config, dataIndexArgument: 0 },
  );
  return { config, receiveOnce, idempotencyConfig: idempotency.config };
}

const wiring = perEnvironment(wire);

/** The object key SES's S3 action used: its own objectKey when the event carries one, else inbound/<messageId>. */
function rawKeyOf(record: SesRecord): string {
  const action = record.ses.receipt.action as { type?: string; objectKey?: string } | undefined;
  if (action?.type === 'S3' && typeof action.objectKey === 'string' && action.objectKey.startsWith(PREFIXES.inbound)) return action.objectKey;
  return `${PREFIXES.inbound}${record.ses.mail.messageId}`;
}

export const handler = async (event: SESEvent, context?: Context) => {
  logger.addContext(context ?? ({} as Context));
  const parsed = SesEvent.safeParse(event);
  if (!parsed.success) {
    logger.error('invalid SES event', { issues: parsed.error.issues.length });
    metrics.addMetric('InboundInvalidEvent', MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
    throw new Error('invalid SES event');
  }
  const { receiveOnce, idempotencyConfig } = wiring();
  if (context) idempotencyConfig.registerLambdaContext(context);
  const results = [];
  try {
    for (const record of parsed.data.Records) {
      const outcome = await receiveOnce(record);
      metrics.addMetric(`Inbound_${outcome.state}`, MetricUnit.Count, 1);
      metrics.addMetric('InboundFilesSaved', MetricUnit.Count, outcome.saved);
      if (outcome.problems.length) metrics.addMetric('InboundFileProblems', MetricUnit.Count, outcome.problems.length);
      logger.info('inbound message handled', {
        sesMessageId: record.ses.mail.messageId, state: outcome.state, reason: outcome.reason,
        saved: outcome.saved, problems: outcome.problems,
      });
      results.push({ sesMessageId: record.ses.mail.messageId, state: outcome.state, reason: outcome.reason, saved: outcome.saved });
    }
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
  // for a synchronous (RequestResponse) invocation, SES reads `disposition`; CONTINUE lets the rule set go on
  return { disposition: 'CONTINUE' as const, results };
};
