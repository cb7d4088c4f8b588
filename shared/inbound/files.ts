/**
 * The files of a message: each attachment (and each file of a ZIP) sniffed by content; report formats saved under
 * uploads/<agency>/email/… with their provenance (the ingest path takes them from there); what cannot be a report
 * kept in quarantine/ and recorded as held; tables written in the body saved as a file of their own.
 */
import { imageSize } from '#shared/extract/ocr/image-file';
import { PREFIXES } from '#shared/ingest/prefixes';
import { expandZip } from './archive';
import { htmlDocument, htmlHasTable, htmlUnquoted, sanitiseHtml, textHasTable, textUnquoted } from './body';
import { InboundError, type InboundReason } from './limits';
import { safeFileName, uploadKey } from './names';
import type { ParsedMessage } from './parse';
import type { SavedFile } from './types';
import { sha256, type Run } from './run';
import { CONTENT_TYPES, extensionFor, sniff, type SniffedType } from './sniff';

const REPORT_TYPES = new Set(['docx', 'xlsx', 'pdf', 'legacy_office']);
const IGNORABLE = /^(image\/|application\/pkcs7-signature|application\/x-pkcs7-signature|application\/pgp-signature|text\/calendar|text\/x-vcard|text\/vcard)/;
const CLAIMS = /\.(docx|xlsx|pdf|doc|xls|zip)$/i;
const JUNK = /^(thumbs\.db|\.ds_store|desktop\.ini)$/i;

/**
 * A JPEG, PNG or TIFF attachment the size of a scanned page (≥ 1000 × 700 px declared: A4 at ~85 dpi or more) is a
 * scan to read by OCR; smaller images (logos, signatures, screenshots of a line) are ignored as before. Its
 * declared size is all that is read here; the OCR step refuses one too large before decoding.
 */
function isPageScan(bytes: Uint8Array): boolean {
  const size = imageSize(bytes);
  return !!size && Math.max(size.width, size.height) >= 1000 && Math.min(size.width, size.height) >= 700;
}

interface FileIn { bytes: Uint8Array; name?: string; contentType: string; inline?: boolean }

function provenance(run: Run, msg?: Pick<ParsedMessage, 'messageId' | 'from' | 'subject'>): Record<string, string> {
  return {
    origin: 'email',
    agency: run.out.agencyId ?? '',
    'message-id': msg?.messageId ?? run.summary.messageId ?? '',
    sender: msg?.from ?? run.summary.sender ?? '',
    subject: (msg?.subject ?? run.summary.subject ?? '').slice(0, 300),
    'received-at': run.receivedAt,
    'raw-key': run.input.rawKey,
    ...(run.out.automatic ? { automatic: run.out.automatic } : {}),
  };
}

const counter = new WeakMap<Run, number>();
const nextIndex = (run: Run) => { const n = (counter.get(run) ?? 0) + 1; counter.set(run, n); return n; };

async function save(run: Run, bytes: Uint8Array, name: string, type: string, from: SavedFile['from']): Promise<void> {
  const { out, limits } = run;
  if (out.saved.length >= limits.maxAttachments) {
    if (!out.problems.some((p) => p.code === 'too_many_attachments')) out.problems.push({ name, code: 'too_many_attachments' });
    return;
  }
  const key = uploadKey(out.agencyId!, run.receivedAt, run.tag, nextIndex(run), name);
  const ext = name.split('.').pop()?.toLowerCase() ?? '';
  await run.deps.blobs.put(key, bytes, {
    contentType: CONTENT_TYPES[ext] ?? CONTENT_TYPES[extensionFor(sniff(bytes)) ?? ''] ?? 'application/octet-stream',
    metadata: { ...provenance(run), 'file-name': name, 'detected-type': type },
  });
  out.saved.push({ key, fileName: name, type, from });
}

async function hold(run: Run, bytes: Uint8Array, name: string, code: InboundReason, detail: string): Promise<void> {
  run.out.problems.push({ name, code, detail });
  const key = `${PREFIXES.quarantine}${run.out.agencyId}/${run.tag}/${String(nextIndex(run)).padStart(2, '0')}-${safeFileName(name)}`;
  await run.deps.blobs.put(key, bytes, { contentType: 'application/octet-stream', metadata: { ...provenance(run), 'file-name': name, reason: code } });
  await run.record('held', code, detail, { key, fileName: safeFileName(name), size: bytes.byteLength, sha256: sha256(bytes) });
}

/** One attachment (or archive entry): saved, expanded, held, or ignored (logos, signatures, invites). */
export async function considerFile(run: Run, file: FileIn, from: SavedFile['from'], zipDepth: number): Promise<void> {
  const name = safeFileName(file.name, 'tep-dinh-kem');
  const type = sniff(file.bytes);
  const claims = CLAIMS.test(name);
  if (REPORT_TYPES.has(type)) return saveReportFile(run, file.bytes, name, type, claims, from);
  if (type === 'zip') return expandArchive(run, file.bytes, name, zipDepth);
  if (type === 'ooxml_encrypted') return hold(run, file.bytes, name, 'encrypted', 'password-protected Office file');
  if (!file.inline && isPageScan(file.bytes)) return save(run, file.bytes, name, 'image', from);
  if (file.inline || (IGNORABLE.test(file.contentType) && !claims)) return;
  if ((type === 'html' || type === 'text') && !claims) {
    const text = Buffer.from(file.bytes).toString('utf8');
    if (type === 'html') {
      const s = sanitiseHtml(text);
      if (htmlHasTable(s.html)) await save(run, new Uint8Array(Buffer.from(htmlDocument(s.html, name))), name.replace(/\.[^.]*$/, '') + '.html', 'html', from);
    } else if (textHasTable(text)) {
      await save(run, file.bytes, /\.txt$/i.test(name) ? name : `${name}.txt`, 'text', from);
    }
    return;
  }
  await hold(run, file.bytes, name, claims ? 'type_mismatch' : 'unsupported_type', `content sniffed as ${type}`);
}

/** The bytes are a report format; a lying extension is noted, the file still goes on (extract reads by content). */
async function saveReportFile(run: Run, bytes: Uint8Array, name: string, type: SniffedType, claims: boolean, from: SavedFile['from']): Promise<void> {
  const ext = extensionFor(type);
  const fixed = ext && claims && !name.toLowerCase().endsWith(`.${ext}`) && type !== 'legacy_office'
    ? `${name.replace(/\.[^.]+$/, '')}.${ext}`
    : ext && !claims ? `${name}.${ext}` : name;
  if (fixed !== name) run.out.problems.push({ name, code: 'type_mismatch', detail: `saved as ${ext}` });
  await save(run, bytes, fixed, type, from);
}

async function expandArchive(run: Run, bytes: Uint8Array, name: string, zipDepth: number): Promise<void> {
  if (zipDepth >= run.limits.maxZipDepth + 1) return hold(run, bytes, name, 'zip_bomb', 'archive nested too deep');
  let expanded;
  try {
    expanded = expandZip(bytes, run.limits);
  } catch (err) {
    return hold(run, bytes, name, err instanceof InboundError ? err.code : 'corrupt', (err as Error).message);
  }
  for (const s of expanded.skipped) run.out.problems.push({ name: `${name} › ${safeFileName(s.path)}`, code: s.reason });
  if (expanded.skipped.some((s) => s.reason === 'unsafe_name')) {
    await run.record('held', 'unsafe_name', 'archive entries with path traversal were not extracted', { key: `${run.input.rawKey}#${name}`, fileName: name });
  }
  for (const f of expanded.files) {
    const base = f.path.split('/').pop() ?? '';
    if (!base || base.startsWith('._') || f.path.startsWith('__MACOSX/') || JUNK.test(base)) continue;
    await considerFile(run, { bytes: f.bytes, name: f.path, contentType: 'application/octet-stream' }, 'archive', zipDepth + 1);
  }
}

/**
 * Tables in the body: what the sender wrote above any quoted message; the quoted part counts only when the
 * message carries no report file (an inline forward of a report), and our own receipts' tables never count.
 */
export async function saveBodyTables(run: Run, msg: ParsedMessage): Promise<void> {
  const hasFiles = run.out.saved.length > 0 || run.out.problems.length > 0;
  if (msg.html) {
    const s = sanitiseHtml(msg.html);
    if (s.hadActiveContent) run.out.problems.push({ name: 'nội dung thư', code: 'html_script' });
    const own = htmlUnquoted(s.html);
    const body = htmlHasTable(own) ? own : !hasFiles && htmlHasTable(s.html) ? s.html : undefined;
    if (body) await save(run, new Uint8Array(Buffer.from(htmlDocument(body, msg.subject))), 'noi-dung-thu.html', 'html', 'body');
  }
  if (!run.out.saved.some((f) => f.from === 'body') && msg.text) {
    const own = textUnquoted(msg.text);
    const body = textHasTable(own) ? own : !hasFiles && textHasTable(msg.text) ? msg.text : undefined;
    if (body) await save(run, new Uint8Array(Buffer.from(body, 'utf8')), 'noi-dung-thu.txt', 'text', 'body');
  }
}
