/** A review meeting (cuộc họp giao ban) and the digests sent before it. */
import { z } from 'zod';

export const Meeting = z.object({
  id: z.string(),
  date: z.string(), // ISO date
  title: z.string(),
  sendDaysBefore: z.number().int().nonnegative().default(3),
  recipients: z.array(z.string()).default([]),
  periodStart: z.string().optional(),
  createdAt: z.string(),
});
export type Meeting = z.infer<typeof Meeting>;

export const DigestRecord = z.object({
  id: z.string(), // `${meetingId}#${sendDate}` or `preview#${asOf}`
  meetingId: z.string().optional(),
  asOf: z.string(),
  sentAt: z.string().optional(),
  messageId: z.string().optional(),
  /** the summary.json of that digest, for "change since the previous digest". */
  summary: z.unknown(),
});
export type DigestRecord = z.infer<typeof DigestRecord>;
