/**
 * `intake ingest FILE… [--agency NAME] [--json]`: puts each file into the bucket's uploads/ prefix — the same
 * door agencies use — and waits until the ingest path has finished with it, then prints the outcome per file.
 */
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { CliContext } from '#cli/context';
import type { Report, StoredRow } from '#shared/domain/report';
import { REPORT_STATE_LABEL } from '#shared/domain/labels';
import { failureOf } from '#shared/domain/failures';

export const STATE_VI: Record<Report['state'], string> = REPORT_STATE_LABEL;

export interface IngestFile {
  path: string;
  /** agency id; the key becomes uploads/<agency>/<day>/<id>/<file> (shared/ingest/keys). */
  agencyId?: string;
  /** stored name (default: the file's base name). */
  name?: string;
}

const FINAL = new Set(['processed', 'failed', 'quarantined', 'duplicate', 'held']);

/** Upload files and wait for their reports (in-process stack: until its queue is idle; otherwise by polling). */
export async function ingestFiles(ctx: CliContext, files: IngestFile[], opts: {
  timeoutMs?: number;
  /** told every few seconds while reports are still being read (done of total). */
  onProgress?: (done: number, total: number) => void;
  /** called with each report id as soon as its file is in the bucket (what is left if the run is interrupted). */
  onUploaded?: (id: string, fileName: string) => void;
} = {}): Promise<Report[]> {
  const { reportIdFor } = await import('#shared/ingest/process-upload');
  const { uploadKey } = await import('#shared/ingest/keys');
  const { createHash } = await import('node:crypto');
  const ids: string[] = [];
  for (const f of files) {
    const bytes = await readFile(f.path);
    const name = (f.name ?? basename(f.path)).normalize('NFC');
    // a key of its own per upload (never over an earlier file of the same name); the id comes from the content,
    // so running the same command again on the same file the same day is the same object and the same report
    const uploadId = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
    const key = uploadKey({ agencyId: f.agencyId, uploadId, fileName: name });
    const put = await ctx.blobs.put(key, bytes, { contentType: contentTypeOf(name), metadata: { origin: 'cli', 'file-name': name } });
    ids.push(reportIdFor({ bucket: ctx.blobs.bucket, key, versionId: put.versionId, etag: put.etag }));
    opts.onUploaded?.(ids[ids.length - 1]!, name);
  }
  const finished = async () => (await Promise.all(ids.map((id) => ctx.store.getReport(id)))).filter((r) => r && FINAL.has(r.state)).length;
  const ticker = opts.onProgress
    ? setInterval(() => { void finished().then((n) => opts.onProgress!(n, ids.length), () => undefined); }, 3000)
    : undefined;
  try {
    if (ctx.stack) await ctx.stack.idle();
    return await waitForReports(ctx, ids, opts.timeoutMs ?? 120_000);
  } finally {
    if (ticker) clearInterval(ticker);
  }
}

/** Each report as it stands once final, or as it stands when the time is up (possibly still `received`). */
async function waitForReports(ctx: CliContext, ids: string[], timeoutMs: number): Promise<Report[]> {
  const deadline = Date.now() + timeoutMs;
  const reports: Report[] = [];
  for (const id of ids) {
    let r = await ctx.store.getReport(id);
    while ((!r || !FINAL.has(r.state)) && Date.now() < deadline) {
      await new Promise((ok) => setTimeout(ok, 500));
      r = await ctx.store.getReport(id);
    }
    if (!r) throw Object.assign(new Error(`no report ${id} after waiting`), { messageVi: 'Chưa thấy kết quả xử lý tệp' });
    reports.push(r);
  }
  return reports;
}

/** Every path is a readable file (missing → ENOENT, told in Vietnamese by main; a folder → a clear error). */
export async function checkFiles(paths: string[]): Promise<void> {
  const { stat } = await import('node:fs/promises');
  for (const p of paths) {
    if (!(await stat(p)).isFile()) {
      throw Object.assign(new Error(`not a file: ${p}`), { code: 'EISDIR', path: p });
    }
  }
}

export function contentTypeOf(name: string): string | undefined {
  const ext = name.toLowerCase().split('.').pop();
  return ({
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    pdf: 'application/pdf',
    html: 'text/html', htm: 'text/html', txt: 'text/plain', tsv: 'text/tab-separated-values',
    doc: 'application/msword', xls: 'application/vnd.ms-excel',
  } as Record<string, string>)[ext ?? ''];
}

/** Where the secretariat's review stands for a report's rows (counted from the rows; `counts` are as received). */
export interface ReviewState {
  /** rows still waiting for a decision. */
  open: number;
  accepted: number;
  markedNew: number;
  rejected: number;
}

export function reviewState(rows: StoredRow[]): ReviewState {
  const s: ReviewState = { open: 0, accepted: 0, markedNew: 0, rejected: 0 };
  for (const r of rows) {
    if (r.match?.decision !== 'review') continue;
    const a = r.override?.action;
    if (!a) s.open++;
    else if (a === 'accept') s.accepted++;
    else if (a === 'new') s.markedNew++;
    else s.rejected++;
  }
  return s;
}

/** The agency's name as the secretariat reads it (the id when the directory does not know it). */
export async function agencyNamer(): Promise<(id: string) => string> {
  const { agencyDirectory } = await import('#shared/agencies');
  const dir = agencyDirectory();
  return (id) => dir.get(id)?.name ?? id;
}

/**
 * One line per report: file, state, agency, counts or the reason it was not processed. With `review` (the rows'
 * current review state) the counts follow the secretariat's decisions instead of what the matcher found on receipt.
 */
export function describeReport(r: Report, opts: { agencyName?: (id: string) => string; review?: ReviewState } = {}): string {
  const parts = [`${r.fileName}: ${STATE_VI[r.state]}`];
  if (r.agencyId) parts.push(`cơ quan ${opts.agencyName?.(r.agencyId) ?? r.agencyId}`);
  if (r.state === 'processed' && r.counts) {
    const c = r.counts;
    const v = opts.review;
    if (v && v.accepted + v.markedNew + v.rejected > 0) {
      const auto = (c.auto ?? 0) + v.accepted;
      const fresh = (c.new ?? 0) + v.markedNew;
      parts.push(`${c.rows ?? 0} dòng — ${auto} khớp, ${v.open} cần xem xét, ${fresh} mới${v.rejected ? `, ${v.rejected} bác bỏ` : ''} (Thư ký đã xem ${v.accepted + v.markedNew + v.rejected} dòng)`);
    } else {
      parts.push(`${c.rows ?? 0} dòng — ${c.auto ?? 0} khớp, ${c.review ?? 0} cần xem xét, ${c.new ?? 0} mới`);
    }
  }
  if (r.duplicateOf) parts.push(`trùng nội dung với báo cáo ${r.duplicateOf.slice(0, 8)}`);
  if (r.withdrawn) parts.push(`ĐÃ RÚT ngày ${r.withdrawn.at.slice(0, 10)}${r.withdrawn.reason ? ` (${r.withdrawn.reason})` : ''} — không còn được tính`);
  if (r.warnings?.some((w) => w.code === 'agency_unknown')) parts.push('CHƯA XÁC ĐỊNH CƠ QUAN (dùng `intake reports reassign`)');
  if (r.receiptSkipped) parts.push(`chưa gửi thư xác nhận: ${r.receiptSkipped}`);
  if (r.error) {
    const fix = failureOf(r.error.code)?.fix;
    parts.push(`${r.error.messageVi ?? r.error.message} [${r.error.code}]${fix ? ` — cách khắc phục: ${fix}` : ''}`);
  }
  parts.push(`(báo cáo ${r.id.slice(0, 8)})`);
  return parts.join(' · ');
}

export function register(program: Command): void {
  program
    .command('ingest')
    .description('Nạp tệp báo cáo vào uploads/ và chạy trọn luồng xử lý (đọc bảng, đối chiếu, lưu kết quả)')
    .argument('<files...>', 'tệp báo cáo (DOCX, XLSX, PDF, …)')
    .option('--agency <agency>', 'cơ quan báo cáo (mã, tên hoặc tên viết tắt, ví dụ "BTP")')
    .option('--json', 'in kết quả dạng JSON')
    .action(async (files: string[], opts: { agency?: string; json?: boolean }, cmd: Command) => {
      const { withStore, resolveAgencyArg } = await import('#cli/context');
      const agencyId = opts.agency ? await resolveAgencyArg(opts.agency) : undefined;
      await checkFiles(files); // before the stack starts: a wrong path is told at once
      const reports = await withStore(cmd, (ctx) => ingestFiles(ctx, files.map((path) => ({ path, agencyId }))));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
      } else {
        const agencyName = await agencyNamer();
        for (const r of reports) process.stdout.write(`${describeReport(r, { agencyName })}\n`);
      }
      if (reports.some((r) => r.state === 'failed' || r.state === 'quarantined')) process.exitCode = 2;
    });
}
