/** The daily run's trigger: what the schedule (infra/, EventBridge Scheduler) sends and the digest function accepts. */
import { z } from 'zod';

/** the schedule's input, as the CDK stack sets it. */
export const DAILY_RUN_INPUT = { source: 'scheduler', kind: 'daily-digest' } as const;

/** `now` lets operators replay a day. */
export const DigestEvent = z.object({
  source: z.literal(DAILY_RUN_INPUT.source).optional(),
  kind: z.literal(DAILY_RUN_INPUT.kind),
  now: z.iso.datetime({ offset: true }).optional(),
}).loose();
export type DigestEvent = z.infer<typeof DigestEvent>;
