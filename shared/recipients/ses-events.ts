/**
 * SES sending events → what happened per recipient. Accepts the shapes SES delivers them in: an EventBridge
 * event (`source: aws.ses`, `detail` = the event), an SNS notification (`Records[].Sns.Message`, JSON), a
 * batch of either, or the bare event (event publishing: `eventType`; identity notifications: `notificationType`).
 * Permanent bounces and complaints become do-not-send; transient bounces are only recorded (SES retries them).
 */
import { z } from 'zod';
import type { MailEvent } from '#shared/domain/recipient';

/** EventBridge detail-types of the configuration set's events we route to the handler. */
export const SES_EVENT_DETAIL_TYPES = ['Email Bounced', 'Email Complaint Received', 'Email Delivered', 'Email Rejected', 'Email Delivery Delayed'] as const;
/** The configuration set's matching event types (SES API v2 names). */
export const SES_EVENT_TYPES = ['BOUNCE', 'COMPLAINT', 'DELIVERY', 'REJECT', 'DELIVERY_DELAY'] as const;

const Addr = z.object({ emailAddress: z.string(), status: z.string().optional(), action: z.string().optional() }).passthrough();
const Mail = z.object({ timestamp: z.string().optional(), messageId: z.string().optional(), destination: z.array(z.string()).default([]) }).passthrough();

export const SesSendingEvent = z.object({
  eventType: z.string().optional(),
  notificationType: z.string().optional(),
  mail: Mail.optional(),
  bounce: z.object({ bounceType: z.string(), bounceSubType: z.string().optional(), bouncedRecipients: z.array(Addr), timestamp: z.string().optional() }).passthrough().optional(),
  complaint: z.object({ complainedRecipients: z.array(Addr), timestamp: z.string().optional(), complaintFeedbackType: z.string().optional() }).passthrough().optional(),
  delivery: z.object({ recipients: z.array(z.string()), timestamp: z.string().optional() }).passthrough().optional(),
  reject: z.object({ reason: z.string().optional() }).passthrough().optional(),
  deliveryDelay: z.object({ delayedRecipients: z.array(Addr), timestamp: z.string().optional(), delayType: z.string().optional() }).passthrough().optional(),
}).passthrough().refine((e) => e.eventType || e.notificationType, 'not an SES event: no eventType or notificationType');
export type SesSendingEvent = z.infer<typeof SesSendingEvent>;

export class SesEventError extends Error {
  override readonly name = 'SesEventError';
}

export interface SesOutcome {
  /** SES's message id of the mail the event is about. */
  sesMessageId?: string;
  type: string;
  events: MailEvent[];
}

/** Unwraps EventBridge / SNS / batches; throws SesEventError with the reason when nothing is an SES event. */
export function parseSesEvents(input: unknown): SesOutcome[] {
  const raw = unwrap(input);
  if (raw.length === 0) throw new SesEventError('no SES event found (expected an EventBridge event from aws.ses, an SNS notification, or an SES event)');
  return raw.map((r, i) => {
    const parsed = SesSendingEvent.safeParse(r);
    if (!parsed.success) throw new SesEventError(`event ${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return outcomeOf(parsed.data);
  });
}

function unwrap(input: unknown): unknown[] {
  if (Array.isArray(input)) return input.flatMap(unwrap);
  if (!input || typeof input !== 'object') return [];
  const o = input as Record<string, unknown>;
  if (o.source === 'aws.ses' && o.detail && typeof o.detail === 'object') return [o.detail];
  if (Array.isArray(o.Records)) {
    return o.Records.flatMap((rec) => {
      const sns = (rec as { Sns?: { Message?: unknown } }).Sns;
      if (typeof sns?.Message === 'string') { try { return unwrap(JSON.parse(sns.Message)); } catch { return []; } }
      return [];
    });
  }
  if (o.Type === 'Notification' && typeof o.Message === 'string') { try { return unwrap(JSON.parse(o.Message)); } catch { return []; } }
  if (o.eventType || o.notificationType) return [o];
  return [];
}

function outcomeOf(e: SesSendingEvent): SesOutcome {
  const type = (e.eventType ?? e.notificationType ?? '').replace(/[^A-Za-z]/g, '').toLowerCase();
  const at = (t?: string) => t ?? e.mail?.timestamp ?? new Date().toISOString();
  const base = { source: 'ses' as const };
  let events: MailEvent[] = [];
  if (type === 'bounce' && e.bounce) {
    const permanent = e.bounce.bounceType === 'Permanent';
    events = e.bounce.bouncedRecipients.map((r) => ({
      ...base, address: r.emailAddress, kind: permanent ? 'bounce' : 'soft_bounce', at: at(e.bounce?.timestamp),
      status: r.status ?? `${e.bounce?.bounceType}/${e.bounce?.bounceSubType ?? ''}`,
    }));
  } else if (type === 'complaint' && e.complaint) {
    events = e.complaint.complainedRecipients.map((r) => ({ ...base, address: r.emailAddress, kind: 'complaint', at: at(e.complaint?.timestamp), status: e.complaint?.complaintFeedbackType }));
  } else if (type === 'delivery' && e.delivery) {
    events = e.delivery.recipients.map((address) => ({ ...base, address, kind: 'delivery', at: at(e.delivery?.timestamp) }));
  } else if (type === 'reject') {
    events = (e.mail?.destination ?? []).map((address) => ({ ...base, address, kind: 'reject', at: at() }));
  } else if (type === 'deliverydelay' && e.deliveryDelay) {
    events = e.deliveryDelay.delayedRecipients.map((r) => ({ ...base, address: r.emailAddress, kind: 'soft_bounce', at: at(e.deliveryDelay?.timestamp), status: r.status ?? e.deliveryDelay?.delayType }));
  }
  return { sesMessageId: e.mail?.messageId, type, events: events.map((x) => ({ ...x, address: bare(x.address) })) };
}

const bare = (a: string) => (/<([^>]+)>/.exec(a)?.[1] ?? a).trim().toLowerCase();
