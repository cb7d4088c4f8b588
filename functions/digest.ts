/**
 * Digest function: EventBridge Scheduler (daily, Asia/Ho_Chi_Minh) → here. Wiring only: zod-parse the scheduler's
 * input, run the daily run (shared/meetings/daily: digests, then reporting rounds' reminders), log ids and counts,
 * emit metrics. A failed send is reported as a function error (alarm) after the other meetings were handled.
 */
import type { Context } from 'aws-lambda';
import { loadConfig } from '#shared/config';
import { sesMailer } from '#shared/mail/ses';
import { guardMailer } from '#shared/recipients/guard';
import { runDaily } from '#shared/meetings/daily';
import { withAgencyLinkSecret } from '#shared/rounds/secret';
import { DigestEvent } from '#shared/meetings/event';
import { dynamoStore } from '#shared/store/dynamo';
import { s3Blobs } from '#shared/store/s3';
import { parseEvent } from './commons/events';
import { flushMetrics, logger, metrics, MetricUnit } from './commons/powertools';
import { perEnvironment } from './commons/wiring';

const wiring = perEnvironment(() => {
  const config = loadConfig(process.env);
  const store = dynamoStore(config);
  return { config, store, mailer: guardMailer(sesMailer(config), store), blobs: s3Blobs(config) };
});

export const handler = async (event: unknown, context?: Context) => {
  if (context) logger.addContext(context);
  const input = parseEvent(DigestEvent, event, { name: 'digest', log: 'invalid scheduler event' });
  try {
    const now = input.now ? new Date(input.now) : new Date();
    // reminders carry each agency's round link: signed with AGENCY_LINK_SECRET_ARN's key (read once per cold start)
    const w = wiring();
    const run = await runDaily({ ...w, config: await withAgencyLinkSecret(w.config), now, onWarning: (message, extra) => logger.warn(message, extra) });
    const { date, outcomes, reminders, reminderError } = run;
    const count = (o: string) => outcomes.filter((x) => x.outcome === o).length;
    for (const o of outcomes) {
      if (o.outcome === 'sent') logger.info('digest sent', { meetingId: o.meetingId, marker: o.marker, messageId: o.messageId, recipients: o.to });
      else if (o.outcome === 'already_sent') logger.info('digest already sent', { meetingId: o.meetingId, marker: o.marker });
      else if (o.outcome === 'failed') logger.error('digest failed', { meetingId: o.meetingId, marker: o.marker, error: o.error });
    }
    for (const r of reminders.filter((x) => x.outcome === 'sent')) logger.info('reminders sent', { campaignId: r.campaignId, agencies: r.reminded });
    if (reminderError) logger.error('reminders failed', { error: reminderError });
    for (const o of ['sent', 'already_sent', 'failed'] as const) metrics.addMetric(DIGEST_METRIC[o], MetricUnit.Count, count(o));
    metrics.addMetric('RemindersSent', MetricUnit.Count, reminders.reduce((n, r) => n + r.reminded, 0));
    logger.info('daily digest run', { date, meetings: outcomes.length, sent: count('sent'), failed: count('failed') });
    if (count('failed')) throw new Error(`digest failed for ${count('failed')} meeting(s) on ${date}`);
    if (reminderError) throw new Error(`reminders failed on ${date}: ${reminderError}`);
    return {
      date,
      outcomes: outcomes.map(({ meetingId, marker, outcome }) => ({ meetingId, marker, outcome })),
      reminders: reminders.map(({ campaignId, outcome, reminded }) => ({ campaignId, outcome, reminded })),
    };
  } finally {
    flushMetrics();
  }
};

const DIGEST_METRIC = { sent: 'DigestSent', already_sent: 'DigestAlreadySent', failed: 'DigestFailed' } as const;
