/**
 * What we know of an address we write to (a recipient's mail health): bouncing, complained, away, or fine.
 * Kept per address (lower-case), from SES events (bounce, complaint, delivery, reject) and from the automatic
 * mail that reaches our inbound address (delivery failures, complaints and out-of-office replies about our mail).
 * `doNotSend` is set by a permanent bounce or a complaint: every mail we send skips that address.
 */
import { z } from 'zod';

export const RECIPIENT_STATES = ['ok', 'bouncing', 'soft_bounce', 'complained', 'away'] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];

export const MAIL_EVENT_KINDS = ['bounce', 'soft_bounce', 'complaint', 'delivery', 'reject', 'auto_reply'] as const;
export type MailEventKind = (typeof MAIL_EVENT_KINDS)[number];

export const Recipient = z.object({
  address: z.string().min(3),
  state: z.enum(RECIPIENT_STATES),
  doNotSend: z.boolean(),
  /** when the current state began (ISO). */
  since: z.string(),
  /** an out-of-office reply's stated return date (YYYY-MM-DD). */
  awayUntil: z.string().optional(),
  last: z.object({
    kind: z.enum(MAIL_EVENT_KINDS),
    at: z.string(),
    /** ses: an SES event; inbound: a message that reached our inbound address. */
    source: z.enum(['ses', 'inbound', 'operator']),
    /** RFC 3463 status or SES bounce type, never free text. */
    status: z.string().optional(),
  }),
  counts: z.partialRecord(z.enum(MAIL_EVENT_KINDS), z.number().int().nonnegative()).default({}),
});
export type Recipient = z.infer<typeof Recipient>;

/** One observation about an address. */
export interface MailEvent {
  address: string;
  kind: MailEventKind;
  at: string;
  source: Recipient['last']['source'];
  status?: string;
  awayUntil?: string;
}

/** What one more event makes of what we knew (pure). A complaint sticks; a delivery clears a bounce. */
export function nextRecipient(prev: Recipient | undefined, e: MailEvent): Recipient {
  const address = e.address.toLowerCase();
  const counts = { ...(prev?.counts ?? {}), [e.kind]: (prev?.counts?.[e.kind] ?? 0) + 1 };
  const last = { kind: e.kind, at: e.at, source: e.source, ...(e.status ? { status: e.status } : {}) };
  const was = prev?.state ?? 'ok';
  const state: RecipientState =
    was === 'complained' || e.kind === 'complaint' ? 'complained'
      : e.kind === 'bounce' ? 'bouncing'
        : e.kind === 'delivery' ? 'ok'
          : e.kind === 'soft_bounce' ? (was === 'bouncing' ? 'bouncing' : 'soft_bounce')
            : e.kind === 'auto_reply' ? (was === 'bouncing' ? 'bouncing' : 'away')
              : was;
  return {
    address,
    state,
    doNotSend: state === 'complained' || state === 'bouncing',
    since: state === was && prev ? prev.since : e.at,
    ...(state === 'away' && e.awayUntil ? { awayUntil: e.awayUntil } : state === 'away' && prev?.awayUntil ? { awayUntil: prev.awayUntil } : {}),
    last,
    counts,
  };
}

/** Mail cannot reach it (or must not be sent): the digest's list of unreachable recipients. */
export const unreachable = (r: Recipient) => r.doNotSend;
