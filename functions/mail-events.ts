/**
 * Mail events function: SES configuration set → EventBridge (Email Bounced / Complaint Received / Delivered /
 * Rejected / Delivery Delayed) → here. Thin wiring only: shared/recipients records each recipient's outcome;
 * permanent bounces and complaints put the address on do-not-send, and the secretariat is told once.
 * Logs carry event types and counts, never addresses.
 */
import type { Context } from 'aws-lambda';
import { loadConfig } from '#shared/config';
import { sesMailer } from '#shared/mail/ses';
import { parseSesEvents, recordSesEvents } from '#shared/recipients';
import { dynamoStore } from '#shared/store/dynamo';
import { flushMetrics, logger, metrics, MetricUnit } from './commons/powertools';
import { perEnvironment } from './commons/wiring';

const wiring = perEnvironment(() => {
  const config = loadConfig(process.env);
  return { config, store: dynamoStore(config), mailer: sesMailer(config) };
});

export const handler = async (event: unknown, context?: Context) => {
  logger.addContext(context ?? ({} as Context));
  const { config, store, mailer } = wiring();
  const outcomes = parseSesEvents(event); // throws on a malformed event: EventBridge retries, then its DLQ
  try {
    const noted = await recordSesEvents(outcomes, {
      store, mailer, secretariat: config.secretariatAddress, log: (evt, fields) => logger.info(evt, fields),
    });
    for (const o of outcomes) metrics.addMetric(`MailEvent_${o.type}`, MetricUnit.Count, 1);
    metrics.addMetric('RecipientsDoNotSend', MetricUnit.Count, noted.filter((n) => n.changed && n.recipient.doNotSend).length);
    return { recorded: noted.length };
  } finally {
    flushMetrics();
  }
};
