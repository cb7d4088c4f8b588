/**
 * Digest function: EventBridge Scheduler (daily, Asia/Ho_Chi_Minh) → here. Thin wiring only: zod-parse the
 * scheduler's input, run the daily digest (shared/meetings/daily), log ids and counts, emit metrics.
 * A failed send is reported as a function error (alarm) after the other meetings were handled.
 */
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { loadConfig } from '#shared/config';
import { sesMailer } from '#shared/mail/ses';
import { runDaily } from '#shared/meetings/daily';
import { runDueReminders } from '#shared/templates/campaign';
import { s3Blobs } from '#shared/store/s3';
import { dynamoStore } from '#shared/store/dynamo';
import { logger, metrics, MetricUnit } from './commons/powertools';
import { perEnvironment } from './commons/wiring';

/** The schedule's input (infra/stack.ts): `{ source: 'scheduler', kind: 'daily-digest' }`; `now` lets operators replay a day. */
export const DigestEvent = z.object({
  source: z.literal('scheduler').optional(),
  kind: z.literal('daily-digest'),
  now: z.iso.datetime({ offset: true }).optional(),
}).loose();
export type DigestEvent = z.infer<typeof DigestEvent>;

function wire() {
  const config = loadConfig(process.env);
  return { config, store: dynamoStore(config), mailer: sesMailer(config), blobs: s3Blobs(config) };
}
const wiring = perEnvironment(wire);

export const handler = async (event: unknown, context?: Context) => {
  if (context) logger.addContext(context);
  const parsed = DigestEvent.safeParse(event);
  if (!parsed.success) {
    logger.error('invalid scheduler event', { issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
    throw new Error('invalid digest event');
  }
  const { config, store, mailer, blobs } = wiring();
  try {
    const now = parsed.data.now ? new Date(parsed.data.now) : new Date();
    const { date, outcomes } = await runDaily({
      store, mailer, config, blobs, now,
      onWarning: (message, extra) => logger.warn(message, extra),
    });
    const count = (o: string) => outcomes.filter((x) => x.outcome === o).length;
    for (const o of outcomes) {
      if (o.outcome === 'sent') logger.info('digest sent', { meetingId: o.meetingId, marker: o.marker, messageId: o.messageId, recipients: o.to });
      else if (o.outcome === 'already_sent') logger.info('digest already sent', { meetingId: o.meetingId, marker: o.marker });
      else if (o.outcome === 'failed') logger.error('digest failed', { meetingId: o.meetingId, marker: o.marker, error: o.error });
    }
    metrics.addMetric('DigestSent', MetricUnit.Count, count('sent'));
    metrics.addMetric('DigestAlreadySent', MetricUnit.Count, count('already_sent'));
    metrics.addMetric('DigestFailed', MetricUnit.Count, count('failed'));
    logger.info('daily digest run', { date, meetings: outcomes.length, sent: count('sent'), failed: count('failed') });
    // reminders of reporting campaigns (templates sent with a deadline): once each, N days before the deadline
    let reminders: Awaited<ReturnType<typeof runDueReminders>> = [];
    let reminderError: string | undefined;
    try {
      reminders = await runDueReminders({ store, mailer, config }, date);
      for (const r of reminders.filter((x) => x.outcome === 'sent')) logger.info('reminders sent', { campaignId: r.campaignId, agencies: r.reminded });
      metrics.addMetric('RemindersSent', MetricUnit.Count, reminders.reduce((n, r) => n + r.reminded, 0));
    } catch (err) {
      reminderError = (err as Error).name;
      logger.error('reminders failed', { error: reminderError });
    }
    if (count('failed')) throw new Error(`digest failed for ${count('failed')} meeting(s) on ${date}`);
    if (reminderError) throw new Error(`reminders failed on ${date}: ${reminderError}`);
    return {
      date,
      outcomes: outcomes.map(({ meetingId, marker, outcome }) => ({ meetingId, marker, outcome })),
      reminders: reminders.map(({ campaignId, outcome, reminded }) => ({ campaignId, outcome, reminded })),
    };
  } finally {
    metrics.publishStoredMetrics();
  }
};
