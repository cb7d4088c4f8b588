/**
 * The digest step of `npm start`: write the preview files of the world the store holds, and send that digest
 * once into (local) SES. Sent once per content: a run over the same data finds its marker and does not resend.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Config } from '#shared/config';
import type { Mailer } from '#shared/mail/mailer';
import type { Store } from '#shared/store/records';
import { vnToday } from '#shared/domain/dates';
import { digestMail, digestSubject } from './eml';
import { previewDigest, type PreviewFiles } from './deliver';

export interface SampleDigest {
  subject: string;
  to: string;
  messageId: string;
  /** false when this exact digest had been sent by an earlier run. */
  fresh: boolean;
  files: PreviewFiles;
  totals: { tasks: number; completed: number; overdue: number; inProgress: number; recurring: number; noReport: number };
}

export async function sendSampleDigest(ctx: { store: Store; mailer: Mailer; config: Config; dataDir: string }, asOf = vnToday()): Promise<SampleDigest> {
  const to = ctx.config.secretariatAddress ?? 'to-cong-tac@de-an-06.local';
  const { files, rendered: r } = await previewDigest({ store: ctx.store, asOf, outDir: join(ctx.dataDir, 'digest'), to: [to], from: ctx.config.senderAddress });
  const subject = digestSubject(r.digest);
  const id = `start#${asOf}#${createHash('sha256').update(JSON.stringify(r.summary)).digest('hex').slice(0, 12)}`;
  const earlier = (await ctx.store.listDigests()).find((d) => d.id === id);
  if (earlier?.messageId) return { subject, to, messageId: earlier.messageId, fresh: false, files, totals: r.summary.totals };
  const sent = await ctx.mailer.send(digestMail(r.digest, r, [to], ctx.config.senderAddress));
  await ctx.store.markDigestSent({ id, asOf, sentAt: new Date().toISOString(), messageId: sent.messageId, summary: r.summary });
  return { subject, to, messageId: sent.messageId, fresh: true, files, totals: r.summary.totals };
}
