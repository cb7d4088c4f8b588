/**
 * One received message, end to end on our side of SES: limits → verdicts → MIME shape → parse → sender → files.
 * Files that can be reports are saved under `uploads/<agency>/email/…` with their provenance as object metadata,
 * so the ordinary ingest path (S3 event → queue → shared/ingest/) processes them and sends the receipts.
 * Whatever is refused or held is recorded as a report record in that state, the raw message stays where SES put
 * it (inbound/), and the secretariat and/or the sender are told. Never throws for bad input.
 */
import { createHash } from 'node:crypto';
import type { Mailer } from '#shared/mail/mailer';
import type { Blobs } from '#shared/store/blobs';
import type { Store } from '#shared/store/records';
import type { Report } from '#shared/domain/report';
import { PREFIXES } from '#shared/ingest/prefixes';
import { expandZip } from './archive';
import { htmlDocument, htmlHasTable, htmlUnquoted, sanitiseHtml, textHasTable, textUnquoted } from './body';
import { InboundError, INBOUND_REASONS, inboundLimits, type InboundLimits, type InboundReason } from './limits';
import { scanMime } from './mime-scan';
import { safeFileName, shortHash, uploadKey } from './names';
import { secretariatNotice, senderNotice, type MessageSummary, type Problem } from './notices';
import { parseHeadersOnly, parseMessage, type MessageFile, type ParsedMessage } from './parse';
import { agencyForSender } from './sender';
import { CONTENT_TYPES, extensionFor, sniff } from './sniff';
import { judgeVerdicts, type SesReceipt } from './verdicts';

export interface InboundDeps {
  store: Pick<Store, 'listContacts' | 'createReport'>;
  blobs: Pick<Blobs, 'put' | 'bucket'>;
  mailer?: Mailer;
  /** the secretariat's address (SECRETARIAT_ADDRESS): told of held and refused messages. */
  secretariat?: string;
  limits?: Partial<InboundLimits>;
  /** logs codes and counts only — never names, subjects or addresses. */
  log?: (event: string, fields: Record<string, string | number | boolean | undefined>) => void;
}

export interface InboundInput {
  raw: Uint8Array;
  /** where the raw message is kept (SES put it there, or `intake receive` did). */
  rawKey: string;
  /** SES's receipt (verdicts); absent for a message fed locally. */
  receipt?: SesReceipt;
  /** SES timestamp, or now. */
  receivedAt?: string;
  /** secretariat override for a held message: process it as from this agency. */
  agencyId?: string;
}

export interface SavedFile {
  key: string;
  fileName: string;
  type: string;
  from: 'attachment' | 'archive' | 'body';
}

export type InboundState = 'accepted' | 'quarantined' | 'held' | 'rejected';

export interface InboundOutcome {
  state: InboundState;
  reason?: InboundReason;
  reasonVi?: string;
  messageId?: string;
  sender?: string;
  agencyId?: string;
  saved: SavedFile[];
  problems: Problem[];
  /** report records written for what was refused or held. */
  records: string[];
  notified: string[];
}

const REPORT_TYPES = new Set(['docx', 'xlsx', 'pdf', 'legacy_office']);
const IGNORABLE = /^(image\/|application\/pkcs7-signature|application\/x-pkcs7-signature|application\/pgp-signature|text\/calendar|text\/x-vcard|text\/vcard)/;
const CLAIMS = /\.(docx|xlsx|pdf|doc|xls|zip)$/i;

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

export async function receiveMessage(input: InboundInput, deps: InboundDeps): Promise<InboundOutcome> {
  const limits = inboundLimits(deps.limits);
  const log = deps.log ?? (() => {});
  const receivedAt = input.receivedAt ?? new Date().toISOString();
  const tag = shortHash(input.rawKey, 16);
  const out: InboundOutcome = { state: 'accepted', saved: [], problems: [], records: [], notified: [] };
  const summary: MessageSummary = { rawKey: input.rawKey, receivedAt };

  const record = async (state: Report['state'], code: InboundReason, detail: string, extra: Partial<Report> = {}) => {
    const id = sha256(`inbound:${deps.blobs.bucket}/${input.rawKey}#${extra.key ?? ''}`);
    const report: Report = {
      id,
      bucket: deps.blobs.bucket,
      key: input.rawKey,
      fileName: summary.subject ? `${safeFileName(summary.subject)}.eml` : `${tag}.eml`,
      size: input.raw.byteLength,
      sha256: sha256(input.raw),
      receivedAt,
      state,
      agencyId: out.agencyId,
      agencySource: out.agencyId ? 'email sender' : undefined,
      origin: { kind: 'email', messageId: summary.messageId, sender: summary.sender, subject: summary.subject },
      format: 'eml',
      error: { code, message: detail, messageVi: INBOUND_REASONS[code] },
      ...extra,
    };
    await deps.store.createReport(report);
    out.records.push(id);
  };

  const tell = async (to: string | undefined, mail: ReturnType<typeof secretariatNotice>, who: string) => {
    if (!deps.mailer || !to) return;
    try {
      await deps.mailer.send({ ...mail, to });
      out.notified.push(who);
    } catch (err) {
      log('notice_failed', { who, error: (err as Error).name });
    }
  };

  const finish = async (state: InboundState, reason: InboundReason, detail: string, opts: { tellSender?: boolean; tellSecretariat?: boolean } = {}) => {
    out.state = state;
    out.reason = reason;
    out.reasonVi = INBOUND_REASONS[reason];
    const reportState: Report['state'] = state === 'rejected' ? 'failed' : state === 'quarantined' ? 'quarantined' : 'held';
    await record(reportState, reason, detail);
    if (opts.tellSecretariat !== false) {
      await tell(deps.secretariat, secretariatNotice(state === 'accepted' ? 'held' : state, reason, summary, detail), 'secretariat');
    }
    if (opts.tellSender && out.agencyId) await tell(summary.sender, senderNotice(summary, [], [], reason), 'sender');
    log('inbound_message', { state, reason });
    return out;
  };

  const headersFor = async () => {
    try {
      const h = await parseHeadersOnly(input.raw);
      Object.assign(summary, { messageId: h.messageId, sender: h.from, subject: h.subject });
      out.messageId = h.messageId;
      out.sender = h.from;
    } catch { /* nothing to tell */ }
  };

  const resolveAgency = async () => {
    if (input.agencyId) { out.agencyId = input.agencyId; return; }
    if (!summary.sender) return;
    const m = agencyForSender(summary.sender, await deps.store.listContacts());
    out.agencyId = m.agencyId;
    summary.agencyId = m.agencyId;
  };

  // 1. size, before anything else
  if (input.raw.byteLength > limits.maxMessageBytes) {
    await headersFor();
    await resolveAgency();
    return finish('rejected', 'too_large', `message is ${input.raw.byteLength} bytes (limit ${limits.maxMessageBytes})`, { tellSender: true });
  }

  // 2. SES verdicts
  const verdict = judgeVerdicts(input.receipt);
  if (verdict.action === 'quarantine') {
    await headersFor();
    return finish('quarantined', verdict.reason, `SES ${verdict.failed.join(',')} verdict FAIL`, { tellSecretariat: verdict.reason === 'virus' });
  }

  // 3. MIME shape
  try {
    scanMime(input.raw, limits);
  } catch (err) {
    await headersFor();
    await resolveAgency();
    if (err instanceof InboundError) return finish('rejected', err.code, err.message, { tellSender: true });
    return finish('rejected', 'malformed', 'MIME scan failed', { tellSender: true });
  }

  // 4. parse
  let msg: ParsedMessage;
  try {
    msg = await parseMessage(input.raw, { maxDepth: Math.min(3, limits.maxDepth) });
  } catch {
    await headersFor();
    return finish('rejected', 'malformed', 'mailparser failed');
  }
  Object.assign(summary, { messageId: msg.messageId, sender: msg.from, subject: msg.subject });
  out.messageId = msg.messageId;
  out.sender = msg.from;

  // 5. sender authentication and agency
  await resolveAgency();
  if (verdict.action === 'hold' && !input.agencyId) {
    return finish('held', verdict.reason, `SES ${verdict.failed.join(',')} verdict ${verdict.reason === 'auth_failed' ? 'FAIL' : 'not PASS'}`);
  }
  if (!out.agencyId) return finish('held', 'unknown_sender', 'sender not in agency contacts');
  const agencyId = out.agencyId;

  // 6. files
  const provenance = {
    origin: 'email',
    agency: agencyId,
    'message-id': msg.messageId ?? '',
    sender: msg.from ?? '',
    subject: msg.subject.slice(0, 300),
    'received-at': receivedAt,
    'raw-key': input.rawKey,
  };
  let index = 0;
  const save = async (bytes: Uint8Array, name: string, type: string, from: SavedFile['from']) => {
    if (out.saved.length >= limits.maxAttachments) {
      if (!out.problems.some((p) => p.code === 'too_many_attachments')) out.problems.push({ name, code: 'too_many_attachments' });
      return;
    }
    index += 1;
    const key = uploadKey(agencyId, receivedAt, tag, index, name);
    const ext = name.split('.').pop()?.toLowerCase() ?? '';
    await deps.blobs.put(key, bytes, {
      contentType: CONTENT_TYPES[ext] ?? CONTENT_TYPES[extensionFor(sniff(bytes)) ?? ''] ?? 'application/octet-stream',
      metadata: { ...provenance, 'file-name': name, 'detected-type': type },
    });
    out.saved.push({ key, fileName: name, type, from });
  };
  const hold = async (bytes: Uint8Array, name: string, code: InboundReason, detail: string) => {
    out.problems.push({ name, code, detail });
    index += 1;
    const key = `${PREFIXES.quarantine}${agencyId}/${tag}/${String(index).padStart(2, '0')}-${safeFileName(name)}`;
    await deps.blobs.put(key, bytes, { contentType: 'application/octet-stream', metadata: { ...provenance, 'file-name': name, reason: code } });
    await record('held', code, detail, { key, fileName: safeFileName(name), size: bytes.byteLength, sha256: sha256(bytes) });
  };

  const consider = async (file: { bytes: Uint8Array; name?: string; contentType: string; inline?: boolean }, from: SavedFile['from'], zipDepth: number): Promise<void> => {
    const name = safeFileName(file.name, 'tep-dinh-kem');
    const type = sniff(file.bytes);
    const claims = CLAIMS.test(name);
    if (REPORT_TYPES.has(type)) {
      // the bytes are a report format; a lying extension is noted, the file still goes on (extract reads by content)
      const ext = extensionFor(type);
      const fixed = ext && claims && !name.toLowerCase().endsWith(`.${ext}`) && type !== 'legacy_office'
        ? `${name.replace(/\.[^.]+$/, '')}.${ext}`
        : ext && !claims ? `${name}.${ext}` : name;
      if (fixed !== name) out.problems.push({ name, code: 'type_mismatch', detail: `saved as ${ext}` });
      await save(file.bytes, fixed, type, from);
      return;
    }
    if (type === 'zip') {
      if (zipDepth >= limits.maxZipDepth + 1) { await hold(file.bytes, name, 'zip_bomb', 'archive nested too deep'); return; }
      let expanded;
      try {
        expanded = expandZip(file.bytes, limits);
      } catch (err) {
        const code = err instanceof InboundError ? err.code : 'corrupt';
        await hold(file.bytes, name, code, (err as Error).message);
        return;
      }
      for (const s of expanded.skipped) out.problems.push({ name: `${name} › ${safeFileName(s.path)}`, code: s.reason });
      if (expanded.skipped.some((s) => s.reason === 'unsafe_name')) {
        await record('held', 'unsafe_name', 'archive entries with path traversal were not extracted', { key: `${input.rawKey}#${name}`, fileName: name });
      }
      for (const f of expanded.files) {
        const base = f.path.split('/').pop() ?? '';
        if (!base || base.startsWith('._') || f.path.startsWith('__MACOSX/') || /^(thumbs\.db|\.ds_store|desktop\.ini)$/i.test(base)) continue;
        await consider({ bytes: f.bytes, name: f.path, contentType: 'application/octet-stream' }, 'archive', zipDepth + 1);
      }
      return;
    }
    if (type === 'ooxml_encrypted') { await hold(file.bytes, name, 'encrypted', 'password-protected Office file'); return; }
    if (file.inline || (IGNORABLE.test(file.contentType) && !claims)) return; // logos, signatures, calendar invites
    if ((type === 'html' || type === 'text') && !claims) {
      const text = Buffer.from(file.bytes).toString('utf8');
      if (type === 'html') {
        const s = sanitiseHtml(text);
        if (htmlHasTable(s.html)) await save(new Uint8Array(Buffer.from(htmlDocument(s.html, name))), name.replace(/\.[^.]*$/, '') + '.html', 'html', from);
      } else if (textHasTable(text)) {
        await save(file.bytes, /\.txt$/i.test(name) ? name : `${name}.txt`, 'text', from);
      }
      return;
    }
    await hold(file.bytes, name, claims ? 'type_mismatch' : 'unsupported_type', `content sniffed as ${type}`);
  };

  for (const f of msg.files) await consider(f, 'attachment', 0);

  // 7. tables in the body: what the sender wrote above any quoted message; the quoted part counts only when the
  //    message carries no report file (an inline forward of a report), and our own receipts' tables never count
  const hasFiles = out.saved.length > 0 || out.problems.length > 0;
  if (msg.html) {
    const s = sanitiseHtml(msg.html);
    if (s.hadActiveContent) out.problems.push({ name: 'nội dung thư', code: 'html_script' });
    const own = htmlUnquoted(s.html);
    const body = htmlHasTable(own) ? own : !hasFiles && htmlHasTable(s.html) ? s.html : undefined;
    if (body) await save(new Uint8Array(Buffer.from(htmlDocument(body, msg.subject))), 'noi-dung-thu.html', 'html', 'body');
  }
  if (!out.saved.some((f) => f.from === 'body') && msg.text) {
    const own = textUnquoted(msg.text);
    const body = textHasTable(own) ? own : !hasFiles && textHasTable(msg.text) ? msg.text : undefined;
    if (body) await save(new Uint8Array(Buffer.from(body, 'utf8')), 'noi-dung-thu.txt', 'text', 'body');
  }

  // 8. outcome
  if (out.saved.length === 0) {
    const reason: InboundReason = out.problems[0]?.code ?? 'no_report';
    out.state = 'rejected';
    out.reason = out.problems.length ? reason : 'no_report';
    out.reasonVi = INBOUND_REASONS[out.reason];
    if (!out.problems.length) await record('failed', 'no_report', 'no attachment or body table');
  }
  const refused = out.problems.filter((p) => p.code !== 'html_script' && p.code !== 'type_mismatch');
  if (out.saved.length === 0 || refused.length > 0) {
    await tell(summary.sender, senderNotice(summary, out.saved.map((f) => f.fileName), out.problems, out.saved.length ? undefined : out.problems.length ? undefined : 'no_report'), 'sender');
  }
  log('inbound_message', { state: out.state, saved: out.saved.length, problems: out.problems.length });
  return out;
}

export type { MessageFile };
