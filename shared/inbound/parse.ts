/**
 * Raw message → what we need of it (mailparser). Forwarded messages (message/rfc822) are read through: mailparser
 * walks an inline rfc822 part itself; an rfc822 part sent as an encoded attachment is parsed here, one level deeper.
 * RFC 2231 and encoded-word file names come out decoded, and are kept as sent (NFC).
 */
import type { AddressObject, ParsedMail, SimpleParserOptions } from 'mailparser';
import { nfc } from '#shared/domain/vietnamese';

/** mailparser, loaded when a message comes (cold start). */
async function simpleParser(input: Buffer, options: SimpleParserOptions): Promise<ParsedMail> {
  return (await import('mailparser')).simpleParser(input, options);
}

export interface MessageFile {
  name?: string;
  contentType: string;
  bytes: Uint8Array;
  /** inline images (signatures, logos) referenced from the HTML body. */
  inline: boolean;
  /** how many forwarded-message levels deep the file was found. */
  depth: number;
}

export interface ParsedMessage {
  /** RFC 5322 Message-ID, with angle brackets. */
  messageId?: string;
  references: string[];
  from?: string;
  fromName?: string;
  subject: string;
  date?: string;
  html?: string;
  text?: string;
  files: MessageFile[];
}

const PARSE_OPTIONS = { skipImageLinks: true, skipTextLinks: true, skipTextToHtml: true, maxHtmlLengthToParse: 5 * 1024 * 1024 } as const;

function firstAddress(a: AddressObject | AddressObject[] | undefined): { address?: string; name?: string } {
  const obj = Array.isArray(a) ? a[0] : a;
  const v = obj?.value?.[0];
  return { address: v?.address?.toLowerCase(), name: v?.name || undefined };
}

async function filesOf(mail: ParsedMail, depth: number, maxDepth: number, out: MessageFile[]): Promise<void> {
  for (const att of mail.attachments) {
    const ct = (att.contentType || 'application/octet-stream').toLowerCase();
    if (ct === 'message/rfc822' && depth < maxDepth) {
      const inner = await simpleParser(att.content, PARSE_OPTIONS);
      await filesOf(inner, depth + 1, maxDepth, out);
      continue;
    }
    out.push({
      name: att.filename ? nfc(att.filename) : undefined,
      contentType: ct,
      bytes: new Uint8Array(att.content.buffer, att.content.byteOffset, att.content.byteLength),
      inline: Boolean(att.related || (att.contentDisposition === 'inline' && att.cid && ct.startsWith('image/'))),
      depth,
    });
  }
}

export async function parseMessage(raw: Uint8Array, opts: { maxDepth: number }): Promise<ParsedMessage> {
  const mail = await simpleParser(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), PARSE_OPTIONS);
  const files: MessageFile[] = [];
  await filesOf(mail, 0, opts.maxDepth, files);
  const from = firstAddress(mail.from);
  const refs = mail.references === undefined ? [] : Array.isArray(mail.references) ? mail.references : [mail.references];
  return {
    messageId: mail.messageId,
    references: refs,
    from: from.address,
    fromName: from.name ? nfc(from.name) : undefined,
    subject: nfc(mail.subject ?? ''),
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : undefined,
    html: typeof mail.html === 'string' ? mail.html : undefined,
    text: mail.text ? mail.text.normalize('NFC') : undefined,
    files,
  };
}

/** The top header block only — for a message refused before parsing, to know whom to tell. */
export async function parseHeadersOnly(raw: Uint8Array): Promise<Pick<ParsedMessage, 'messageId' | 'from' | 'subject'>> {
  const s = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, 64 * 1024)).toString('latin1');
  const end = s.search(/\r?\n\r?\n/);
  const head = Buffer.from(s.slice(0, end < 0 ? s.length : end) + '\r\n\r\n', 'latin1');
  const mail = await simpleParser(head, PARSE_OPTIONS);
  return { messageId: mail.messageId, from: firstAddress(mail.from).address, subject: nfc(mail.subject ?? '') };
}
