/**
 * The Mailer port: outgoing mail as raw MIME built by nodemailer's MailComposer. Raw MIME keeps threading headers
 * (In-Reply-To, References) and attachments exactly as built. The SES implementation is ./ses.ts.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import { z } from 'zod';

export const MailAttachment = z.object({
  filename: z.string().min(1),
  content: z.union([z.instanceof(Uint8Array), z.string()]),
  contentType: z.string().optional(),
});
export type MailAttachment = z.infer<typeof MailAttachment>;

const Address = z.string().min(3);

export const OutgoingMail = z.object({
  from: Address.optional(),
  to: z.union([Address, z.array(Address).min(1)]),
  cc: z.union([Address, z.array(Address)]).optional(),
  replyTo: Address.optional(),
  subject: z.string().min(1),
  html: z.string().optional(),
  text: z.string(),
  attachments: z.array(MailAttachment).optional(),
  /** RFC 5322 Message-ID of the mail answered (threading). */
  inReplyTo: z.string().optional(),
  references: z.union([z.string(), z.array(z.string())]).optional(),
  headers: z.record(z.string(), z.string()).optional(),
});
export type OutgoingMail = z.infer<typeof OutgoingMail>;

export interface SentMail {
  /** SES's message id. */
  messageId: string;
  /** the Message-ID header we put in the MIME message. */
  rfcMessageId: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<SentMail>;
}

/**
 * Everything we send is written by a machine (RFC 3834): `Auto-Submitted: auto-generated` unless the caller
 * says `auto-replied` (receipts and notices answer a message). Well-behaved responders then never answer us.
 */
export function withAutoSubmitted(headers: Record<string, string> | undefined): Record<string, string> {
  const has = headers && Object.keys(headers).some((k) => k.toLowerCase() === 'auto-submitted');
  return has ? headers : { ...headers, 'Auto-Submitted': 'auto-generated' };
}

/** Builds the raw MIME message; exported for tests and for writing .eml copies. */
export async function composeMime(mail: OutgoingMail, defaultFrom?: string): Promise<{ raw: Buffer; rfcMessageId: string; fromAddress: string }> {
  const m = OutgoingMail.parse(mail);
  const from = m.from ?? defaultFrom;
  if (!from) throw new Error('mail has no sender: set SENDER_ADDRESS or pass `from`');
  const composer = new MailComposer({
    from, to: m.to, cc: m.cc, replyTo: m.replyTo, subject: m.subject, text: m.text, html: m.html,
    inReplyTo: m.inReplyTo, references: m.references, headers: withAutoSubmitted(m.headers),
    attachments: m.attachments?.map((a) => ({
      filename: a.filename,
      content: typeof a.content === 'string' ? a.content : Buffer.from(a.content),
      contentType: a.contentType,
    })),
  });
  const node = composer.compile();
  const raw = await node.build();
  const envelope = node.getEnvelope() as { from?: string | false };
  return { raw, rfcMessageId: node.messageId(), fromAddress: envelope.from || from };
}
