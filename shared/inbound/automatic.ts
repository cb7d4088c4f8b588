/**
 * Mail written by machines, recognised before anything is answered (RFC 3834, RFC 6522, RFC 5965, RFC 8098):
 * delivery failures, abuse complaints, read receipts, out-of-office replies, list and bulk mail, and anything
 * else that says it was generated automatically. Such a message is stored and classed, and never answered:
 * answering it is backscatter, and with a responder that ignores our own `Auto-Submitted`, a mail loop.
 *
 * What a report is about is read from its machine-readable parts (delivery-status, feedback-report,
 * disposition-notification) and the headers of the enclosed original; it "refers to ours" when that original
 * carries our `X-Intake-*` header or a Message-ID of our sending domain — only then is a recipient marked.
 */
import type { ReportPart } from './mime-scan';
import { leadingDate } from '#shared/domain/dates';

export const AUTOMATIC_KINDS = ['bounce', 'complaint', 'read_receipt', 'auto_reply', 'bulk', 'automatic'] as const;
export type AutomaticKind = (typeof AUTOMATIC_KINDS)[number];

export interface ReportedRecipient {
  address: string;
  /** RFC 3464 Action (failed, delayed, delivered, …) or "complaint". */
  action: string;
  /** RFC 3463 status (5.1.1), when given. */
  status?: string;
  /** a permanent failure (5.x.x) or a complaint: the address must not be written to again. */
  permanent: boolean;
}

export interface AutomaticMail {
  kind: AutomaticKind;
  /** which headers or parts gave it away (header names and values of the standard fields only). */
  signals: string[];
  /** the addresses the report is about (failed recipients, the complaining recipient). */
  recipients: ReportedRecipient[];
  /** the message it reports on (or answers) is one we sent. */
  aboutOurs: boolean;
  /** an out-of-office reply's return date (YYYY-MM-DD), when it states one. */
  awayUntil?: string;
}

/** Header fields, lower-case names, values unfolded; repeated fields kept in order. */
export type Fields = Map<string, string[]>;

export function headerFields(block: string): Fields {
  const out: Fields = new Map();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const m = /^([A-Za-z0-9-]+)[ \t]*:[ \t]*(.*)$/.exec(line);
    if (!m) continue;
    const name = m[1].toLowerCase();
    out.set(name, [...(out.get(name) ?? []), m[2].trim()]);
  }
  return out;
}

/** The top header block of a raw message (bounded). */
export function topHeaders(raw: Uint8Array): Fields {
  const s = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, 64 * 1024)).toString('latin1');
  const end = s.search(/\r?\n\r?\n/);
  return headerFields(end < 0 ? s : s.slice(0, end));
}

const first = (f: Fields, name: string) => f.get(name)?.[0];
const blocks = (text: string) => text.split(/\r?\n[ \t]*\r?\n/).map(headerFields).filter((b) => b.size > 0);
const addressIn = (v: string | undefined) => /<?([^\s<>;,"]+@[^\s<>;,"]+)>?/.exec((v ?? '').replace(/^\s*rfc822\s*;/i, ''))?.[1]?.toLowerCase();

const MACHINE_SENDER = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon|bounces?|no-?reply|do-?not-?reply|donotreply|noreply-[\w-]+|notifications?)(\+.*)?@/i;
const BOUNCE_SENDER = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/i;
const AUTO_REPLY_SUBJECT = /^(auto(matic)?[ -]?(reply|response|antwort)|out of (the )?office|abwesenheit|trả lời tự động|tra loi tu dong|thư trả lời tự động|vắng mặt|vang mat)\b/i;
const PRECEDENCE = /^(bulk|junk|list|auto_reply)$/i;

export interface ClassifyInput {
  headers: Fields;
  reportParts: ReportPart[];
  /** the From address. */
  from?: string;
  subject?: string;
  /** the message's own text (an out-of-office reply states its return date there). */
  text?: string;
  /** SES's envelope sender (`mail.source`): empty for a bounce. */
  envelopeFrom?: string;
  /** domains whose Message-IDs are ours (the sending domain). */
  ourDomains: string[];
}

/** undefined: a person wrote it (answer as usual). */
export function classifyMessage(input: ClassifyInput): AutomaticMail | undefined {
  const h = input.headers;
  const signals: string[] = [];
  const contentType = first(h, 'content-type') ?? '';
  const reportType = /^\s*multipart\/report\b/i.test(contentType)
    ? (/report-type\s*=\s*"?([\w-]+)"?/i.exec(contentType)?.[1] ?? 'unknown').toLowerCase()
    : undefined;
  if (reportType) signals.push(`multipart/report:${reportType}`);
  const autoSubmitted = first(h, 'auto-submitted')?.split(';')[0].trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') signals.push(`auto-submitted:${autoSubmitted}`);
  const precedence = first(h, 'precedence')?.trim();
  if (precedence && PRECEDENCE.test(precedence)) signals.push(`precedence:${precedence.toLowerCase()}`);
  for (const name of ['x-autoreply', 'x-autorespond', 'x-auto-response-suppress', 'list-id', 'list-unsubscribe']) {
    if (h.has(name)) signals.push(name);
  }
  const returnPath = h.get('return-path');
  if ((returnPath && returnPath.some((v) => /^<\s*>$/.test(v.trim()))) || input.envelopeFrom === '' || input.envelopeFrom === '<>') signals.push('return-path:<>');
  const from = input.from ?? addressIn(first(h, 'from'));
  if (from && MACHINE_SENDER.test(from)) signals.push(`sender:${from.split('@')[0].toLowerCase()}`);
  if (h.has('x-failed-recipients')) signals.push('x-failed-recipients');
  const autoSubject = input.subject ? AUTO_REPLY_SUBJECT.test(input.subject.trim()) : false;
  if (signals.length === 0) return undefined;

  const kind = kindOf(signals, reportType, from, autoSubject);
  const recipients = recipientsOf(kind, input.reportParts, h);
  const aboutOurs = refersToOurs(input, h);
  const awayUntil = kind === 'auto_reply' ? awayUntilOf(`${input.subject ?? ''}\n${(input.text ?? '').slice(0, 4000)}`) : undefined;
  return { kind, signals, recipients, aboutOurs, ...(awayUntil ? { awayUntil } : {}) };
}

function kindOf(signals: string[], reportType: string | undefined, from: string | undefined, autoSubject: boolean): AutomaticKind {
  if (reportType === 'delivery-status' || reportType === 'global-delivery-status') return 'bounce';
  if (reportType === 'feedback-report') return 'complaint';
  if (reportType === 'disposition-notification') return 'read_receipt';
  if ((from && BOUNCE_SENDER.test(from)) || signals.includes('x-failed-recipients')) return 'bounce';
  const has = (s: string) => signals.some((x) => x === s || x.startsWith(`${s}:`));
  if (signals.includes('auto-submitted:auto-replied') || has('x-autoreply') || has('x-autorespond') || signals.includes('precedence:auto_reply')
    || (has('x-auto-response-suppress') && !has('list-id')) || autoSubject) return 'auto_reply';
  if (has('precedence') || has('list-id') || has('list-unsubscribe') || (from && MACHINE_SENDER.test(from))) return 'bulk';
  return 'automatic';
}

function recipientsOf(kind: AutomaticKind, parts: ReportPart[], h: Fields): ReportedRecipient[] {
  const out: ReportedRecipient[] = [];
  const add = (r: ReportedRecipient) => { if (!out.some((o) => o.address === r.address)) out.push(r); };
  if (kind === 'bounce') {
    for (const part of parts.filter((p) => /delivery-status$/.test(p.type))) {
      for (const b of blocks(part.text)) {
        const address = addressIn(first(b, 'final-recipient') ?? first(b, 'original-recipient'));
        if (!address) continue;
        const action = (first(b, 'action') ?? 'failed').toLowerCase();
        const status = /(\d\.\d{1,3}\.\d{1,3})/.exec(first(b, 'status') ?? '')?.[1];
        if (action === 'delivered' || action === 'relayed' || action === 'expanded') continue;
        add({ address, action, status, permanent: action === 'failed' && (!status || status.startsWith('5')) });
      }
    }
    for (const v of h.get('x-failed-recipients') ?? []) {
      for (const a of v.split(',')) { const address = addressIn(a); if (address) add({ address, action: 'failed', permanent: true }); }
    }
  }
  if (kind === 'complaint') {
    for (const part of parts.filter((p) => p.type === 'message/feedback-report')) {
      for (const b of blocks(part.text)) {
        for (const v of b.get('original-rcpt-to') ?? []) { const address = addressIn(v); if (address) add({ address, action: 'complaint', permanent: true }); }
      }
    }
    if (out.length === 0) {
      for (const e of enclosed(parts)) { const address = addressIn(first(e, 'to')); if (address) add({ address, action: 'complaint', permanent: true }); }
    }
  }
  return out;
}

/** Header blocks of the enclosed original messages (text/rfc822-headers, message/rfc822). */
function enclosed(parts: ReportPart[]): Fields[] {
  return parts.filter((p) => p.type === 'text/rfc822-headers' || p.type === 'message/rfc822' || p.type === 'message/global-headers').map((p) => headerFields(p.text));
}

function refersToOurs(input: ClassifyInput, h: Fields): boolean {
  const ours = (id: string | undefined) => {
    const domain = /@([^>\s]+)>?\s*$/.exec(id ?? '')?.[1]?.toLowerCase();
    return !!domain && input.ourDomains.some((d) => domain === d || domain.endsWith(`.${d}`));
  };
  for (const e of enclosed(input.reportParts)) {
    if ([...e.keys()].some((k) => k.startsWith('x-intake-'))) return true;
    if (ours(first(e, 'message-id'))) return true;
  }
  for (const part of input.reportParts.filter((p) => p.type === 'message/disposition-notification')) {
    for (const b of blocks(part.text)) if (ours(first(b, 'original-message-id'))) return true;
  }
  const threaded = [...(h.get('in-reply-to') ?? []), ...(h.get('references') ?? [])].flatMap((v) => v.split(/\s+/)).filter(Boolean);
  return threaded.some(ours);
}

/** The first date stated after "until / đến / tới / hết ngày …" (dd/mm/yyyy, yyyy-mm-dd, "June 24, 2024"). */
export function awayUntilOf(text: string): string | undefined {
  const cue = /(until|till|through|returning( on)?|back on|đến|tới|cho đến|hết ngày|den|toi|het ngay)\s*(hết\s*)?(ngày\s*|ngay\s*)?/giu;
  for (const m of text.matchAll(cue)) {
    const rest = text.slice(m.index + m[0].length, m.index + m[0].length + 40);
    const date = leadingDate(rest);
    if (date) return date;
  }
  return undefined;
}

/** Our own domains: those of the addresses we send from (their Message-IDs carry them), lower-case, unique. */
export function ownDomains(...addresses: (string | undefined)[]): string[] {
  const out = addresses.map((a) => /@([^>\s]+)>?\s*$/.exec(a ?? '')?.[1]?.toLowerCase()).filter((d): d is string => !!d);
  return [...new Set(out)];
}
