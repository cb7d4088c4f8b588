/**
 * "Send the digest now" for a meeting (`intake digest send`, the console's Phiên họp page): sends it, records the
 * send in the digest history, and — when sent inside the meeting's send window — claims the daily run's marker so
 * the scheduled run does not send it again.
 */
import type { Config } from '#shared/config';
import type { Mailer } from '#shared/mail/mailer';
import type { Store } from '#shared/store/records';
import type { AgencyNames } from '#shared/digest/consolidate';
import { sendDigest } from '#shared/digest';
import { getMeeting } from './manage';
import { markerId, sendDateOf } from './schedule';

export async function sendMeetingDigestNow(opts: {
  store: Store; mailer: Mailer; config: Pick<Config, 'senderAddress' | 'secretariatAddress'>; meetingId: string; asOf: string; now?: Date; agencies?: AgencyNames;
}): Promise<{ messageId: string; to: string[]; meetingId: string }> {
  const { store, asOf } = opts;
  const meeting = await getMeeting(store, opts.meetingId);
  const sent = await sendDigest({ store, mailer: opts.mailer, config: opts.config, asOf, meeting, agencies: opts.agencies });
  const sentAt = (opts.now ?? new Date()).toISOString();
  await store.markDigestSent({ id: `${meeting.id}#manual#${sentAt}`, meetingId: meeting.id, asOf, sentAt, messageId: sent.messageId, summary: sent.summary });
  if (asOf >= sendDateOf(meeting) && asOf <= meeting.date) {
    await store.markDigestSent({ id: markerId(meeting), meetingId: meeting.id, asOf, sentAt, messageId: sent.messageId, summary: sent.summary });
  }
  return { messageId: sent.messageId, to: sent.to, meetingId: meeting.id };
}
