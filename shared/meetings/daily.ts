/**
 * The daily scheduled run (EventBridge Scheduler, Asia/Ho_Chi_Minh): send each meeting's digest once, from its
 * send date (N days before the meeting) up to the meeting day — so a missed day is caught up on the next run.
 *
 * Once only: the digest is built and rendered first, then the send marker `${meetingId}#${sendDate}` is claimed
 * with a conditional write (Store.markDigestSent), and only the run that wins the claim sends. A moved meeting
 * has a new send date, hence a new marker, and is sent for its new date. The claim comes before the SES call, so
 * a failed SES call is not retried automatically (at most once, never twice to the leaders): it is reported as
 * failed, and `intake digest send --meeting ID` sends it by hand.
 *
 * The same run then reminds late agencies of each reporting round (shared/templates/campaign `runDueReminders`):
 * a failed reminder does not stop the digests, and is reported in `reminderError`.
 */
import type { Config } from '#shared/config';
import { vnToday } from '#shared/domain/dates';
import type { AgencyNames } from '#shared/digest/consolidate';
import type { Mailer } from '#shared/mail/mailer';
import { PREFIXES } from '#shared/ingest/prefixes';
import type { Blobs } from '#shared/store/blobs';
import type { Store } from '#shared/store/records';
import type { Meeting } from '#shared/domain/meeting';
import { runDueReminders, type ReminderRun } from '#shared/templates/campaign';
import { markerId, sendDateOf } from './schedule';

export type DailyOutcome =
  | { meetingId: string; marker: string; outcome: 'sent'; messageId: string; to: number }
  | { meetingId: string; marker: string; outcome: 'already_sent' | 'not_due' | 'past' }
  | { meetingId: string; marker: string; outcome: 'failed'; error: string };

export interface DailyOptions {
  store: Store;
  mailer: Mailer;
  /** with `agencyLinks`, reminders carry each agency's page link for the round (#16). */
  config: Pick<Config, 'senderAddress' | 'secretariatAddress' | 'inboundAddress'> & Partial<Pick<Config, 'agencyLinks'>>;
  now?: Date;
  /** false: digests only (default: the reporting rounds' reminders too). */
  reminders?: boolean;
  agencies?: AgencyNames;
  /** when given, a copy of each sent digest is kept under outbound/digests/<meeting>/<send date>/. */
  blobs?: Pick<Blobs, 'put'>;
  /** told about archive failures (the digest itself was sent). */
  onWarning?: (message: string, extra: Record<string, unknown>) => void;
}

/** Is the meeting's digest due today (Vietnam date)? From its send date through the meeting day. */
export function dueToday(m: Pick<Meeting, 'date' | 'sendDaysBefore'>, today: string): 'due' | 'not_due' | 'past' {
  if (today < sendDateOf(m)) return 'not_due';
  if (today > m.date) return 'past';
  return 'due';
}

export interface DailyRun {
  date: string;
  outcomes: DailyOutcome[];
  reminders: ReminderRun[];
  /** the error's name when the reminders failed (the digests were handled first). */
  reminderError?: string;
}

export async function runDaily(opts: DailyOptions): Promise<DailyRun> {
  const now = opts.now ?? new Date();
  const today = vnToday(now);
  const outcomes = await sendDueDigests(opts, now, today);
  if (opts.reminders === false) return { date: today, outcomes, reminders: [] };
  try {
    return { date: today, outcomes, reminders: await runDueReminders(opts, today) };
  } catch (err) {
    return { date: today, outcomes, reminders: [], reminderError: (err as Error).name };
  }
}

async function sendDueDigests(opts: DailyOptions, now: Date, today: string): Promise<DailyOutcome[]> {
  const { store } = opts;
  const meetings = (await store.listMeetings()).sort((a, b) => a.date.localeCompare(b.date));
  const outcomes: DailyOutcome[] = [];
  const due = meetings.filter((m) => {
    const state = dueToday(m, today);
    if (state !== 'due') outcomes.push({ meetingId: m.id, marker: markerId(m), outcome: state });
    return state === 'due';
  });
  if (!due.length) return outcomes;

  const sentMarkers = new Set((await store.listDigests()).map((d) => d.id));
  const { buildDigest, renderDigest, sendDigest, recipientsOf } = await import('#shared/digest/index');
  const { XLSX_TYPE } = await import('#shared/digest/eml');
  for (const m of due) {
    const marker = markerId(m);
    if (sentMarkers.has(marker)) { outcomes.push({ meetingId: m.id, marker, outcome: 'already_sent' }); continue; }
    try {
      const to = recipientsOf(m, opts.config);
      const rendered = await renderDigest(await buildDigest({ store, asOf: today, meeting: m, agencies: opts.agencies, now }));
      const claimed = await store.markDigestSent({ id: marker, meetingId: m.id, asOf: today, sentAt: now.toISOString(), summary: rendered.summary });
      if (!claimed) { outcomes.push({ meetingId: m.id, marker, outcome: 'already_sent' }); continue; }
      const sent = await sendDigest({ store, mailer: opts.mailer, config: opts.config, asOf: today, meeting: m, rendered });
      outcomes.push({ meetingId: m.id, marker, outcome: 'sent', messageId: sent.messageId, to: to.length });
      if (opts.blobs) {
        const prefix = `${PREFIXES.outbound}digests/${m.id}/${sendDateOf(m)}/`;
        try {
          await opts.blobs.put(`${prefix}digest.html`, rendered.html, { contentType: 'text/html; charset=utf-8' });
          await opts.blobs.put(`${prefix}digest.xlsx`, rendered.xlsx, { contentType: XLSX_TYPE });
          await opts.blobs.put(`${prefix}summary.json`, JSON.stringify(rendered.summary, null, 2), { contentType: 'application/json' });
        } catch (err) {
          opts.onWarning?.('digest archive failed', { meetingId: m.id, error: (err as Error).name });
        }
      }
    } catch (err) {
      const e = err as Error;
      outcomes.push({ meetingId: m.id, marker, outcome: 'failed', error: `${e.name}: ${e.message}` });
    }
  }
  return outcomes;
}
