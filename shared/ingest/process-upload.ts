/**
 * One uploaded object, start to finish:
 *   object → report record (received) → checks (prefix, empty, duplicate content) → extract → match
 *   → rows + status history → report counts and state → receipt hook.
 * Safe to run again for the same object (the report id is derived from bucket + key + version/ETag, rows and
 * status entries are keyed): a retry completes what a crash left half done and never counts twice.
 * Bad input never throws: it is recorded on the report (state failed/quarantined, error code, Vietnamese
 * message), the original is copied to quarantine/, and the caller's batch carries on. Only infrastructure
 * errors (S3, DynamoDB) throw, so the message is retried and, in the end, dead-lettered.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Config } from '#shared/config';
import { ExtractError, ExtractLimits, type ExtractResult } from '#shared/extract/model';
import type { Task } from '#shared/domain/task';
import type { Blob, BlobInfo, Blobs } from '#shared/store/blobs';
import type { Store } from '#shared/store/records';
import type { Report, StoredRow } from '#shared/domain/report';
import { originFromMetadata } from '#shared/inbound/provenance';
import { vnToday } from '#shared/domain/dates';
import { isDaySegment } from './keys';
import { PREFIXES } from './prefixes';
import { matchUnderstood, understandReport, type Understood } from './read-report';
import type { Stages } from './stages';
import { FAILURES, failureMessage, failureText, sentence } from '#shared/domain/failures';
import { loadMemory } from '#shared/review/memory';
import { ocrNeedsReview } from '#shared/extract/ocr/confidence';
import type { OcrQueue } from './ocr-queue';

export const ObjectRef = z.object({
  bucket: z.string().min(1),
  key: z.string().min(1),
  versionId: z.string().optional(),
  etag: z.string().optional(),
  size: z.number().int().nonnegative().optional(),
});
export type ObjectRef = z.infer<typeof ObjectRef>;

export interface IngestLog {
  info(msg: string, extra?: Record<string, unknown>): void;
  warn(msg: string, extra?: Record<string, unknown>): void;
  error(msg: string, extra?: Record<string, unknown>): void;
}

export interface IngestOutcome {
  report: Report;
  /** true when the report was already complete (a repeated event): nothing was done. */
  replayed: boolean;
}

export interface IngestDeps {
  store: Store;
  blobs: Blobs;
  config: Pick<Config, 'limits'>;
  stages: Stages;
  log?: IngestLog;
  now?: () => Date;
  /** called once a report reaches its final state (processed, failed, quarantined, duplicate): the receipt. */
  onProcessed?: (outcome: { report: Report; rows: StoredRow[] }) => Promise<void>;
  /** the registry to match against (default: `store.listTasks()` per report; the handler passes a cached one). */
  loadTasks?: () => Promise<Task[]>;
  /** how the object got here (the email path passes its message). */
  origin?: Report['origin'];
  /** the OCR step's queue: a scanned PDF is handed over (`ocr_pending`) instead of quarantined as 'no_text'. */
  ocr?: OcrQueue;
}

/** states an upload event is done with (`ocr_pending`: the OCR step carries it on). */
const FINAL_STATES: ReadonlySet<Report['state']> = new Set(['processed', 'failed', 'quarantined', 'duplicate', 'held', 'ocr_pending']);

const silent: IngestLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The report id: bucket + key + version (or ETag) — the idempotency key of the ingest path. */
export function reportIdFor(ref: Pick<ObjectRef, 'bucket' | 'key' | 'versionId' | 'etag'>): string {
  const version = ref.versionId ?? ref.etag?.replace(/"/g, '') ?? '';
  return createHash('sha256').update(`${ref.bucket}\n${ref.key}\n${version}`).digest('hex').slice(0, 32);
}

/** uploads/<agency>/<file> → <agency>; uploads/<file> → undefined. */
export function agencySegment(key: string): string | undefined {
  if (!key.startsWith(PREFIXES.uploads)) return undefined;
  const parts = key.slice(PREFIXES.uploads.length).split('/').filter(Boolean);
  // uploads/<yyyy-mm-dd>/<id>/<file> (no agency given): a day folder is never an agency
  return parts.length >= 2 && !isDaySegment(parts[0]!) ? safeDecode(parts[0]!) : undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function fileNameOf(key: string): string {
  return safeDecode(key.split('/').filter(Boolean).pop() ?? key).normalize('NFC');
}

function quarantineKey(reportId: string, fileName: string): string {
  const safe = fileName.replace(/[\\/\u0000-\u001f]/g, '_');
  return `${PREFIXES.quarantine}${reportId}/${safe === '.' || safe === '..' || !safe ? '_' : safe}`;
}

/** A report recorded by `recordDeadLetter`: failed for an infrastructure reason, to be retried on redrive. */
export function isDeadLettered(r: Report): boolean {
  return r.state === 'failed' && r.error?.code === 'dead_lettered';
}

/**
 * The last receive of a message failed (it goes to the dead-letter queue now): record why on the report, so the
 * failure is visible in `intake reports list` and the digest, not only in the logs. A redrive starts it over.
 * Never throws (the original error is what the caller reports).
 */
export async function recordDeadLetter(input: ObjectRef, err: unknown, deps: Pick<IngestDeps, 'store' | 'now' | 'log'>): Promise<void> {
  try {
    const ref = ObjectRef.parse(input);
    const id = reportIdFor(ref);
    const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    const why = `${e?.name ?? 'Error'}${e?.$metadata?.httpStatusCode ? ` (HTTP ${e.$metadata.httpStatusCode})` : ''}`
      + (e?.name === 'Error' && e.message ? `: ${e.message.slice(0, 200)}` : '');
    const error = {
      code: 'dead_lettered',
      message: `processing failed repeatedly and the event was moved to the dead-letter queue: ${why}`,
      messageVi: failureMessage('dead_lettered'),
    };
    const existing = await deps.store.getReport(id);
    if (existing) {
      if (!FINAL_STATES.has(existing.state)) await deps.store.updateReport(id, { state: 'failed', error });
      return;
    }
    const receivedAt = (deps.now?.() ?? new Date()).toISOString();
    await deps.store.createReport({
      id, bucket: ref.bucket, key: ref.key,
      ...(ref.versionId ? { versionId: ref.versionId } : {}),
      ...(ref.etag ? { etag: ref.etag.replace(/"/g, '') } : {}),
      fileName: fileNameOf(ref.key), size: ref.size ?? 0, sha256: '', receivedAt, reportDate: receivedAt.slice(0, 10),
      state: 'failed', error,
    });
  } catch (recordErr) {
    deps.log?.error('could not record the dead letter', { error: (recordErr as Error)?.name });
  }
}

function httpStatus(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

/**
 * Reads the object named by the event. The key is tried as given and, when it looks URL-encoded (S3
 * notification style: "Bao+cao%20(1).docx"), decoded as well. Without s3:ListBucket a missing key answers 403,
 * so 403/404 move on to the next spelling; the last spelling's 403 is thrown (retried, then dead-lettered).
 * The size is checked (HEAD) before the body is read: an object over `maxBytes` is never downloaded.
 */
async function fetchObject(blobs: Blobs, ref: ObjectRef, maxBytes: number): Promise<{ key: string; info?: BlobInfo; object?: Blob }> {
  const spellings = [ref.key];
  if (/%[0-9A-Fa-f]{2}|\+/.test(ref.key)) spellings.push(safeDecode(ref.key.replace(/\+/g, ' ')));
  for (const [i, key] of spellings.entries()) {
    try {
      const info = await blobs.head(key, { versionId: ref.versionId });
      if (!info) continue;
      if (info.size > maxBytes) return { key, info };
      const object = await blobs.get(key, { versionId: ref.versionId });
      if (object) return { key, info: object, object };
    } catch (err) {
      if (i === spellings.length - 1 || ![403, 404].includes(httpStatus(err) ?? 0)) throw err;
    }
  }
  return { key: ref.key };
}

/** One run of the use case: what every phase needs. */
interface Run {
  ref: ObjectRef;
  id: string;
  deps: IngestDeps;
  log: IngestLog;
  now: () => Date;
  maxBytes: number;
}

/** What the fetch phase found: the object (when it could be read) and what it says about itself. */
interface Fetched {
  key: string;
  inUploads: boolean;
  info?: BlobInfo;
  object?: Blob;
  fileName: string;
  bytes: Uint8Array;
  sha256: string;
}

interface Sender {
  agencyId?: string;
  agencySource?: string;
}

/**
 * fetch → resolve sender → record → guard → extract → understand → match → persist → finish.
 * Each phase is a named function below; a phase that ends the report early returns its outcome.
 */
export async function processUpload(input: ObjectRef, deps: IngestDeps): Promise<IngestOutcome> {
  const run = startRun(input, deps);
  const existing = await deps.store.getReport(run.id);
  if (existing && FINAL_STATES.has(existing.state) && !isDeadLettered(existing)) return replay(run, existing);
  const got = await fetchPhase(run);
  const base = await recordPhase(run, existing, got, resolveSender(deps.stages, got));
  const refused = await guardPhase(run, base, got);
  if (refused) return refused;
  const read = await extractPhase(run, got);
  if ('outcome' in read) return read.outcome;
  const understood = understandReport(read.result, {
    fileName: got.fileName, agencyId: base.agencyId, agencySource: base.agencySource, receivedAt: base.receivedAt,
  }, deps.stages);
  const rows = await matchPhase(run, understood);
  await persistPhase(run, understood, rows);
  return finishProcessed(run, read.result, understood, rows);
}

/**
 * A report read elsewhere (the OCR step, for a scan) → understand → match → persist → finish, as processUpload
 * does after its extract phase. Safe to run again (rows and status entries are keyed).
 */
export async function storeReading(base: Report, result: ExtractResult, deps: IngestDeps): Promise<IngestOutcome> {
  const run = { ...startRun({ bucket: base.bucket, key: base.key, ...(base.versionId ? { versionId: base.versionId } : {}), ...(base.etag ? { etag: base.etag } : {}) }, deps), id: base.id };
  const understood = understandReport(result, {
    fileName: base.fileName, agencyId: base.agencyId, agencySource: base.agencySource, receivedAt: base.receivedAt,
  }, deps.stages);
  const rows = await matchPhase(run, understood);
  await persistPhase(run, understood, rows);
  return finishProcessed(run, result, understood, rows);
}

function startRun(input: ObjectRef, deps: IngestDeps): Run {
  const ref = ObjectRef.parse(input);
  return {
    ref, id: reportIdFor(ref), deps, log: deps.log ?? silent, now: deps.now ?? (() => new Date()),
    maxBytes: ExtractLimits.parse(deps.config.limits ?? {}).maxBytes,
  };
}

/** the sender's receipt: a failure to send it is logged; it never fails the report. */
async function tellSender(run: Run, report: Report, rows: StoredRow[]): Promise<void> {
  if (!run.deps.onProcessed) return;
  try {
    await run.deps.onProcessed({ report, rows });
  } catch (err) {
    run.log.error('receipt hook failed', { reportId: run.id, error: (err as Error).name });
  }
}

/** done before; if the run that finished it died before the receipt went out, send it now. */
async function replay(run: Run, existing: Report): Promise<IngestOutcome> {
  if (!existing.receiptSentAt) await tellSender(run, existing, await run.deps.store.listRows(run.id));
  return { report: existing, replayed: true };
}

/** The object. Objects outside uploads/ are not read (the function may not read them); they are only recorded. */
async function fetchPhase(run: Run): Promise<Fetched> {
  const inUploads = run.ref.key.startsWith(PREFIXES.uploads);
  const { key, info, object } = inUploads
    ? await fetchObject(run.deps.blobs, run.ref, run.maxBytes)
    : { key: run.ref.key, info: undefined, object: undefined };
  // the name as sent (an email attachment's own name, kept by the inbound path), else the key's last part
  const fileName = (info?.metadata['file-name'] || fileNameOf(key)).normalize('NFC');
  const bytes = object?.bytes ?? new Uint8Array();
  // (an object that was not read has no hash: recorded as '')
  const sha256 = object ? createHash('sha256').update(bytes).digest('hex') : '';
  return { key, inUploads, info, object, fileName, bytes, sha256 };
}

/** Which agency: uploads/<agency>/… or the object's metadata (x-amz-meta-agency). */
function resolveSender(stages: Stages, got: Fetched): Sender {
  const fromKey = agencySegment(got.key);
  const fromMeta = got.info?.metadata.agency ?? got.info?.metadata['agency-id'];
  for (const [text, source] of [[fromKey, 'key-prefix'], [fromMeta, 'metadata']] as const) {
    if (!text) continue;
    // without a directory (not in this build) a kebab-case segment is taken as the id; with one, it must know it
    const agencyId = stages.resolveAgency
      ? stages.resolveAgency(text.normalize('NFC'))
      : /^[a-z0-9]+(-[a-z0-9]+)*$/.test(text) ? text : undefined;
    if (agencyId) return { agencyId, agencySource: source };
  }
  return {};
}

/** The report record (received). A crash left it `received`: carry on with it; a dead-lettered attempt: start over. */
async function recordPhase(run: Run, existing: Report | undefined, got: Fetched, sender: Sender): Promise<Report> {
  const { ref, id, deps } = run;
  const { info } = got;
  const receivedAt = existing?.receivedAt ?? run.now().toISOString();
  const fresh: Report = {
    id,
    bucket: ref.bucket,
    key: got.key,
    ...(ref.versionId ? { versionId: ref.versionId } : {}),
    ...(ref.etag || info?.etag ? { etag: (ref.etag ?? info?.etag)!.replace(/"/g, '') } : {}),
    fileName: got.fileName,
    size: info?.size ?? ref.size ?? 0,
    ...(info?.contentType ? { contentType: info.contentType } : {}),
    sha256: got.sha256,
    receivedAt,
    reportDate: vnToday(receivedAt),
    state: 'received',
    ...(sender.agencyId ? sender : {}),
    origin: deps.origin ?? originFromMetadata(info?.metadata)
      ?? (info?.metadata.origin === 'cli' ? { kind: 'cli' } : { kind: 'upload' }),
  };
  const base: Report = existing && !isDeadLettered(existing) ? existing : fresh;
  if (!existing) await deps.store.createReport(base);
  else if (isDeadLettered(existing)) await deps.store.updateReport(id, { ...fresh, error: undefined });
  run.log.info('report received', { reportId: id, size: base.size, agencyId: base.agencyId });
  return base;
}

async function finish(run: Run, patch: Partial<Report>, rows: StoredRow[] = []): Promise<IngestOutcome> {
  await run.deps.store.updateReport(run.id, patch);
  const report = (await run.deps.store.getReport(run.id))!;
  run.log.info('report final', { reportId: run.id, state: report.state, code: report.error?.code, counts: report.counts });
  await tellSender(run, report, rows);
  return { report, replayed: false };
}

/** Bad input: the original is copied to quarantine/ and the reason recorded on the report. */
async function reject(run: Run, got: Fetched, state: 'failed' | 'quarantined', code: string,
  text = failureText(code)): Promise<IngestOutcome> {
  if (got.info && got.inUploads) await run.deps.blobs.copy(got.key, quarantineKey(run.id, got.fileName));
  return finish(run, { state, error: { code, message: text.message, messageVi: text.messageVi } });
}

/** Checks before reading: where it is, that it is there, its size, and whether the same content came before. */
async function guardPhase(run: Run, base: Report, got: Fetched): Promise<IngestOutcome | undefined> {
  if (!got.inUploads) return reject(run, got, 'quarantined', 'outside_prefix');
  if (!got.info) return finish(run, { state: 'failed', error: { code: 'missing', ...failureText('missing') } });
  if (!got.object) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    return reject(run, got, 'quarantined', 'too_large', {
      message: `The file is ${mb(got.info.size)}, over the limit of ${mb(run.maxBytes)}.`,
      messageVi: failureMessage('too_large', { bytes: got.info.size, limit: run.maxBytes }),
    });
  }
  if (got.bytes.byteLength === 0) return reject(run, got, 'quarantined', 'empty');
  return sameContentGuard(run, base);
}

/**
 * Same content already received under another key or version. From the same agency: point at it, count it once.
 * From another agency: held for the secretariat (counted for neither until it decides). An earlier copy that was
 * not counted (quarantined, failed, withdrawn) does not stop this one: it is read again.
 */
async function sameContentGuard(run: Run, base: Report): Promise<IngestOutcome | undefined> {
  const same = (await run.deps.store.listReportsBySha256(base.sha256)).filter((r) => r.id !== run.id);
  // the earliest copy that counts (a duplicate points at it)
  const earlier = same.find((r) => r.state !== 'duplicate' && r.state !== 'held' && countsAsReceived(r));
  if (!earlier) return undefined;
  if (base.agencyId && earlier.agencyId && base.agencyId !== earlier.agencyId) {
    const f = FAILURES.same_content_other_agency;
    return finish(run, {
      state: 'held', duplicateOf: earlier.id,
      error: { code: 'same_content_other_agency', message: `same content as report ${earlier.id} of another agency`, messageVi: sentence(f.what) },
    });
  }
  return finish(run, { state: 'duplicate', duplicateOf: earlier.id });
}

/** A report whose content counts (processed and not withdrawn), or one still being read. */
function countsAsReceived(r: Report): boolean {
  return !r.withdrawn && (r.state === 'processed' || r.state === 'received' || r.state === 'ocr_pending');
}

/** The stage's typed refusals are quarantined with their message; anything else is an internal failure. */
async function extractPhase(run: Run, got: Fetched): Promise<{ result: ExtractResult } | { outcome: IngestOutcome }> {
  try {
    const file = { bytes: got.bytes, name: got.fileName, contentType: got.object!.contentType };
    return { result: await run.deps.stages.extract(file, { limits: run.deps.config.limits }) };
  } catch (err) {
    if (err instanceof ExtractError || (err as Error)?.name === 'ExtractError') {
      const e = err as ExtractError;
      if (e.code === 'no_text' && run.deps.ocr) return { outcome: await handToOcr(run, got, e) };
      return { outcome: await reject(run, got, 'quarantined', e.code, { message: e.message, messageVi: e.messageVi }) };
    }
    run.log.error('extract crashed', { reportId: run.id, error: (err as Error)?.name });
    return { outcome: await reject(run, got, 'failed', 'internal') };
  }
}

/** A scan: the OCR step reads it and carries on from there (the receipt says it is being read). */
async function handToOcr(run: Run, got: Fetched, e: ExtractError): Promise<IngestOutcome> {
  const pages = Number(e.details.pages ?? 0);
  // a scan sent as an image file (JPEG, PNG, TIFF) keeps its format; the OCR step wraps it as a PDF to read it
  const format = typeof e.details.image === 'string' ? e.details.image : 'pdf';
  const patch: Partial<Report> = { state: 'ocr_pending', format, ocr: { pages: Number.isInteger(pages) ? pages : 0, done: 0 } };
  // pending before the job is sent: the OCR step skips a report that is not (it may start at once)
  await run.deps.store.updateReport(run.id, patch);
  try {
    await run.deps.ocr!.send({ reportId: run.id, bucket: run.ref.bucket, key: got.key, ...(run.ref.versionId ? { versionId: run.ref.versionId } : {}), from: 1 });
  } catch (err) {
    // not handed over after all: back to received, so the event's retry hands it over again
    await run.deps.store.updateReport(run.id, { state: 'received' }).catch(() => undefined);
    throw err;
  }
  run.log.info('report handed to OCR', { reportId: run.id });
  return finish(run, patch);
}

/** Rows ↔ registry; a crash of the matcher leaves the rows unmatched (logged), never loses them. */
async function matchPhase(run: Run, u: Understood): Promise<StoredRow[]> {
  let matched: Array<{ match: StoredRow['match']; status: StoredRow['status'] }> = [];
  if (run.deps.stages.match && u.rows.length) {
    const tasks = await (run.deps.loadTasks ?? (() => run.deps.store.listTasks()))();
    // the secretariat's decisions and the agency's previous report (#19); matching goes on without them on failure
    const memory = await loadMemory(run.deps.store, { agencyId: u.agencyId, reportId: run.id, reportDate: u.reportDate, texts: u.rows.map((r) => r.content ?? '') }).catch((err) => {
      run.log.error('decision memory unavailable', { reportId: run.id, error: (err as Error)?.name });
      return undefined;
    });
    try {
      matched = matchUnderstood(u, tasks, run.deps.stages, memory);
    } catch (err) {
      run.log.error('match crashed', { reportId: run.id, error: (err as Error)?.name });
    }
  }
  return u.rows.map(({ table, ...cells }, i) => ({
    reportId: run.id,
    rowId: u.rowIds[i]!,
    table,
    cells,
    // a row read from a scan with an uncertain cell is confirmed by a person, however sure its match
    ...(matched[i]?.match ? { match: matched[i]!.match!.decision === 'auto' && ocrNeedsReview(cells.source) ? { ...matched[i]!.match!, decision: 'review' as const } : matched[i]!.match } : {}),
    ...(matched[i]?.status ? { status: matched[i]!.status } : {}),
  }));
}

/** Rows, then one status entry per auto-matched row (keyed: a retry writes nothing twice). */
async function persistPhase(run: Run, u: Understood, rows: StoredRow[]): Promise<void> {
  await storeMatchedRows(run.deps.store, { reportId: run.id, agencyId: u.agencyId, reportDate: u.reportDate, recordedAt: run.now().toISOString() }, rows);
}

/**
 * The store path after matching, for every door (files here; the agency's web page, shared/rounds): the rows, then
 * one status entry per auto-matched row — the same status history and "latest" rules. Keyed: a retry writes nothing twice.
 */
export async function storeMatchedRows(
  store: Pick<Store, 'putRows' | 'appendStatus'>,
  at: { reportId: string; agencyId?: string; reportDate: string; recordedAt: string },
  rows: StoredRow[],
): Promise<void> {
  await store.putRows(rows);
  const entries = rows.filter((row) => row.match?.decision === 'auto' && row.match.taskId).map((row) => ({
    taskId: row.match!.taskId!,
    reportId: at.reportId,
    rowId: row.rowId,
    ...(at.agencyId ? { agencyId: at.agencyId } : {}),
    status: row.status?.value ?? null,
    ...(row.cells.result ? { result: row.cells.result } : {}),
    reportDate: at.reportDate,
    recordedAt: at.recordedAt,
    by: 'matcher' as const,
  }));
  // independent items (one per task/row): a few at a time
  for (let i = 0; i < entries.length; i += 8) {
    await Promise.all(entries.slice(i, i + 8).map((e) => store.appendStatus(e)));
  }
}

/** Counts and state; a report without an agency says so (on the report, hence in the receipt). */
function finishProcessed(run: Run, result: ExtractResult, u: Understood, rows: StoredRow[]): Promise<IngestOutcome> {
  const count = (d: string) => rows.filter((r) => r.match?.decision === d).length;
  const warnings = result.warnings.map((w) => ({ code: w.code, message: w.message }));
  if (!u.agencyId) warnings.push({ code: 'agency_unknown', message: sentence(FAILURES.agency_unknown.what) });
  return finish(run, {
    state: 'processed',
    reportDate: u.reportDate,
    ...(result.format ? { format: result.format } : {}),
    ...(u.agencyId ? { agencyId: u.agencyId, agencySource: u.agencySource } : {}),
    warnings,
    counts: { tables: u.tables, rows: rows.length, auto: count('auto'), review: count('review'), new: count('new') },
  }, rows);
}
