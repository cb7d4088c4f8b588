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
import { type ReportRow } from '#shared/domain/row';
import type { Task } from '#shared/domain/task';
import type { Blob, BlobInfo, Blobs } from '#shared/store/blobs';
import type { Store } from '#shared/store/records';
import type { Report, StoredRow } from '#shared/domain/report';
import { originFromMetadata } from '#shared/inbound/provenance';
import { reportDateOf } from '#shared/understand/report-date';
import { isDaySegment } from './keys';
import { PREFIXES } from './prefixes';
import type { Stages } from './stages';
import { FAILURES, sentence } from '#shared/domain/failures';
import { loadMemory } from '#shared/review/memory';

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
}

const FINAL_STATES: ReadonlySet<Report['state']> = new Set(['processed', 'failed', 'quarantined', 'duplicate', 'held']);

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

const ERROR_TEXT: Record<string, { message: string; messageVi: string }> = {
  outside_prefix: {
    message: 'object is outside the uploads/ prefix; it was recorded but not read or processed',
    messageVi: sentence(FAILURES.outside_prefix.what),
  },
  empty: { message: 'the file is empty (0 bytes)', messageVi: sentence(FAILURES.empty.what) },
  missing: {
    message: 'the object no longer exists in the bucket',
    messageVi: sentence(FAILURES.missing.what),
  },
  internal: {
    message: 'the file could not be processed (internal error); the original is kept for inspection',
    messageVi: sentence(FAILURES.internal.what),
  },
};

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
      messageVi: `Xử lý tệp thất bại nhiều lần (${why}); sự kiện đã chuyển vào hàng đợi lỗi để vận hành viên xử lý lại.`,
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

export async function processUpload(input: ObjectRef, deps: IngestDeps): Promise<IngestOutcome> {
  const ref = ObjectRef.parse(input);
  const { store, blobs, stages } = deps;
  const log = deps.log ?? silent;
  const now = deps.now ?? (() => new Date());
  const id = reportIdFor(ref);

  /** the sender's receipt: a failure to send it is logged; it never fails the report. */
  const tellSender = async (report: Report, rows: StoredRow[]) => {
    if (!deps.onProcessed) return;
    try {
      await deps.onProcessed({ report, rows });
    } catch (err) {
      log.error('receipt hook failed', { reportId: id, error: (err as Error).name });
    }
  };

  const existing = await store.getReport(id);
  if (existing && FINAL_STATES.has(existing.state) && !isDeadLettered(existing)) {
    // done before; if the run that finished it died before the receipt went out, send it now
    if (!existing.receiptSentAt) await tellSender(existing, await store.listRows(id));
    return { report: existing, replayed: true };
  }

  // The object. Objects outside uploads/ are not read (the function may not read them); they are only recorded.
  const inUploads = ref.key.startsWith(PREFIXES.uploads);
  const maxBytes = ExtractLimits.parse(deps.config.limits ?? {}).maxBytes;
  const { key, info, object } = inUploads ? await fetchObject(blobs, ref, maxBytes) : { key: ref.key, info: undefined, object: undefined };

  // the name as sent (an email attachment's own name, kept by the inbound path), else the key's last part
  const fileName = (info?.metadata['file-name'] || fileNameOf(key)).normalize('NFC');
  const bytes = object?.bytes ?? new Uint8Array();
  // (an object that was not read has no hash: recorded as '')
  const sha256 = object ? createHash('sha256').update(bytes).digest('hex') : '';

  // Which agency: uploads/<agency>/… or the object's metadata (x-amz-meta-agency).
  let agencyId: string | undefined;
  let agencySource: string | undefined;
  const fromKey = agencySegment(key);
  const fromMeta = info?.metadata.agency ?? info?.metadata['agency-id'];
  for (const [text, source] of [[fromKey, 'key-prefix'], [fromMeta, 'metadata']] as const) {
    if (!text || agencyId) continue;
    // without a directory (not in this build) a kebab-case segment is taken as the id; with one, it must know it
    agencyId = stages.resolveAgency
      ? stages.resolveAgency(text.normalize('NFC'))
      : /^[a-z0-9]+(-[a-z0-9]+)*$/.test(text) ? text : undefined;
    if (agencyId) agencySource = source;
  }

  const receivedAt = existing?.receivedAt ?? now().toISOString();
  const fresh: Report = {
    id,
    bucket: ref.bucket,
    key,
    ...(ref.versionId ? { versionId: ref.versionId } : {}),
    ...(ref.etag || info?.etag ? { etag: (ref.etag ?? info?.etag)!.replace(/"/g, '') } : {}),
    fileName,
    size: info?.size ?? ref.size ?? 0,
    ...(info?.contentType ? { contentType: info.contentType } : {}),
    sha256,
    receivedAt,
    reportDate: receivedAt.slice(0, 10),
    state: 'received',
    ...(agencyId ? { agencyId, agencySource } : {}),
    origin: deps.origin ?? originFromMetadata(info?.metadata)
      ?? (info?.metadata.origin === 'cli' ? { kind: 'cli' } : { kind: 'upload' }),
  };
  // a crash left it `received`: carry on with it; a dead-lettered attempt (redriven): start it over
  const base: Report = existing && !isDeadLettered(existing) ? existing : fresh;
  if (!existing) await store.createReport(base);
  else if (isDeadLettered(existing)) await store.updateReport(id, { ...fresh, error: undefined });
  log.info('report received', { reportId: id, size: base.size, agencyId: base.agencyId });

  const finish = async (patch: Partial<Report>, rows: StoredRow[] = []): Promise<IngestOutcome> => {
    await store.updateReport(id, patch);
    const report = (await store.getReport(id))!;
    log.info('report final', { reportId: id, state: report.state, code: report.error?.code, counts: report.counts });
    await tellSender(report, rows);
    return { report, replayed: false };
  };

  const reject = async (state: 'failed' | 'quarantined', code: string, text = ERROR_TEXT[code] ?? ERROR_TEXT.internal,
    extra: Partial<Report> = {}) => {
    if (info && inUploads) await blobs.copy(key, quarantineKey(id, fileName));
    return finish({ state, error: { code, message: text.message, messageVi: text.messageVi }, ...extra });
  };

  if (!inUploads) return reject('quarantined', 'outside_prefix');
  if (!info) return finish({ state: 'failed', error: { code: 'missing', ...ERROR_TEXT.missing } });
  if (!object) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    return reject('quarantined', 'too_large', {
      message: `The file is ${mb(info.size)}, over the limit of ${mb(maxBytes)}.`,
      messageVi: `Tệp có dung lượng ${mb(info.size)}, vượt giới hạn ${mb(maxBytes)}.`,
    });
  }
  if (bytes.byteLength === 0) return reject('quarantined', 'empty');

  // Same content already received under another key or version: point at it, count it once.
  const first = await store.findReportBySha256(sha256);
  if (first && first.id !== id && first.state !== 'duplicate') {
    return finish({ state: 'duplicate', duplicateOf: first.id });
  }

  let result: ExtractResult;
  try {
    result = await stages.extract({ bytes, name: fileName, contentType: object.contentType }, { limits: deps.config.limits });
  } catch (err) {
    if (err instanceof ExtractError || (err as Error)?.name === 'ExtractError') {
      const e = err as ExtractError;
      return reject('quarantined', e.code, { message: e.message, messageVi: e.messageVi });
    }
    log.error('extract crashed', { reportId: id, error: (err as Error)?.name });
    return reject('failed', 'internal');
  }

  if (!base.agencyId && stages.detectAgency) {
    const found = stages.detectAgency(result, fileName);
    if (found.agencyId) {
      agencyId = found.agencyId;
      agencySource = `document:${found.how}`;
    }
  }
  agencyId ??= base.agencyId;
  agencySource ??= base.agencySource;
  // the date the report states for itself, else the day it arrived
  const reportDate = reportDateOf(result, receivedAt) ?? base.reportDate ?? receivedAt.slice(0, 10);

  const taskRows: Array<ReportRow & { table: number }> = [];
  const rowIds: string[] = [];
  for (const t of result.tables) {
    if (t.kind !== 'tasks') continue;
    t.rows.forEach((row, n) => {
      taskRows.push({ ...row, table: t.index });
      rowIds.push(`${t.index}.${n}`);
    });
  }

  let matched: Array<{ match: StoredRow['match']; status: StoredRow['status'] }> = [];
  if (stages.match && taskRows.length) {
    const tasks = await (deps.loadTasks ?? (() => store.listTasks()))();
    // the secretariat's decisions and the agency's previous report (#19); matching goes on without them on failure
    const memory = await loadMemory(store, { agencyId, reportId: id, reportDate }).catch((err) => {
      log.error('decision memory unavailable', { reportId: id, error: (err as Error)?.name });
      return undefined;
    });
    try {
      matched = stages.match({ rows: taskRows, agencyId, reportDate, memory }, tasks);
    } catch (err) {
      log.error('match crashed', { reportId: id, error: (err as Error)?.name });
      matched = [];
    }
  }

  const rows: StoredRow[] = taskRows.map(({ table, ...cells }, i) => ({
    reportId: id,
    rowId: rowIds[i],
    table,
    cells,
    ...(matched[i]?.match ? { match: matched[i].match } : {}),
    ...(matched[i]?.status ? { status: matched[i].status } : {}),
  }));
  await store.putRows(rows);

  const recordedAt = now().toISOString();
  const entries = rows.filter((row) => row.match?.decision === 'auto' && row.match.taskId).map((row) => ({
    taskId: row.match!.taskId!,
    reportId: id,
    rowId: row.rowId,
    ...(agencyId ? { agencyId } : {}),
    status: row.status?.value ?? null,
    ...(row.cells.result ? { result: row.cells.result } : {}),
    reportDate,
    recordedAt,
    by: 'matcher' as const,
  }));
  // independent items (one per task/row): a few at a time
  for (let i = 0; i < entries.length; i += 8) {
    await Promise.all(entries.slice(i, i + 8).map((e) => store.appendStatus(e)));
  }

  const count = (d: string) => rows.filter((r) => r.match?.decision === d).length;
  return finish({
    state: 'processed',
    reportDate,
    ...(result.format ? { format: result.format } : {}),
    ...(agencyId ? { agencyId, agencySource } : {}),
    warnings: result.warnings.map((w) => ({ code: w.code, message: w.message })),
    counts: {
      tables: result.tables.filter((t) => t.kind === 'tasks').length,
      rows: rows.length,
      auto: count('auto'),
      review: count('review'),
      new: count('new'),
    },
  }, rows);
}
