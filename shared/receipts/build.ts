/**
 * The receipt an agency gets for each processed report (Vietnamese, HTML + text): what was received, per table the
 * rows read / matched / to review / new, the statuses counted, and the problems with how to fix them.
 * Pure: everything it needs is passed in (report record, stored rows, the registry's tasks, a deadline reader).
 */
import type { Deadline, Task } from '#shared/domain/task';
import type { Status } from '#shared/domain/row';
import type { Report, StoredRow } from '#shared/domain/report';
import { viDateTime } from '#shared/domain/dates';
import { failureOf, FAILURES, sentence, UNKNOWN_FAILURE_FIX } from '#shared/domain/failures';
import { STATUS_CHOICES, STATUS_LABEL } from '#shared/domain/labels';
import { ocrNeedsReview } from '#shared/extract/ocr/confidence';
import { escapeHtml as esc } from './html';

export const STATUS_VI: Record<Status, string> = STATUS_LABEL;

export interface ReceiptInput {
  report: Report;
  rows: StoredRow[];
  /** registry tasks by id (for "a task of another agency"). */
  tasks?: Map<string, Task>;
  /** reads a deadline cell; kind 'unknown' means not understood. */
  parseDeadline?: (text: string) => Deadline;
  /** the agency's display name, when known. */
  agencyName?: string;
  /** whether an agency id answers for a task (its lead or partner, successors included). Default: direct ids. */
  isAgencyOf?: (task: Task, agencyId: string) => boolean;
}

export interface TableSummary {
  table: number;
  read: number;
  matched: number;
  review: number;
  new: number;
  statuses: Partial<Record<Status | 'none', number>>;
}

export interface ReceiptProblem {
  code: 'failure' | 'no_table' | 'no_status' | 'deadline_unknown' | 'other_agency' | 'unmatched' | 'ocr_uncertain' | 'warning';
  what: string;
  fix: string;
  /** rows concerned, as the agency can find them (table and row number, STT). */
  where?: string[];
}

export interface Receipt {
  subject: string;
  text: string;
  html: string;
  tables: TableSummary[];
  problems: ReceiptProblem[];
  /** the shared tasks (several agencies answer) this report now reports for the agency, with the status it gave. */
  shared: Array<{ taskId: string; status: Status | null }>;
}

const MAX_LISTED = 15;

function rowLabel(r: StoredRow): string {
  const s = r.cells.source;
  const place = s.sheet ? `trang tính "${s.sheet}", dòng ${s.row}` : s.page ? `trang ${s.page}, dòng ${s.row}` : `dòng ${s.row}`;
  return `Bảng ${r.table + 1}, ${place}${r.cells.stt ? ` (STT ${r.cells.stt})` : ''}`;
}

function decisionOf(r: StoredRow): 'auto' | 'review' | 'new' | undefined {
  if (r.override) return r.override.action === 'accept' ? 'auto' : r.override.action === 'new' ? 'new' : 'review';
  return r.match?.decision;
}

const defaultIsAgencyOf = (t: Task, id: string) => t.lead.ids.includes(id) || Boolean(t.coord?.ids.includes(id))
  || Boolean(t.lead.groups?.length) || Boolean(t.coord?.groups?.length);

export function summariseTables(rows: StoredRow[]): TableSummary[] {
  const by = new Map<number, TableSummary>();
  for (const r of rows) {
    const t = by.get(r.table) ?? { table: r.table, read: 0, matched: 0, review: 0, new: 0, statuses: {} };
    t.read += 1;
    const d = decisionOf(r);
    if (d === 'auto') t.matched += 1;
    else if (d === 'review') t.review += 1;
    else if (d === 'new') t.new += 1;
    const st = r.status?.value ?? 'none';
    t.statuses[st] = (t.statuses[st] ?? 0) + 1;
    by.set(r.table, t);
  }
  return [...by.values()].sort((a, b) => a.table - b.table);
}

export function findProblems(input: ReceiptInput): ReceiptProblem[] {
  const { report, rows } = input;
  const problems: ReceiptProblem[] = [];
  if (report.state === 'failed' || report.state === 'duplicate' || report.error) {
    const code = report.state === 'duplicate' ? 'duplicate' : report.error?.code ?? 'corrupt';
    const known = failureOf(code);
    // the report's text is the catalogue's sentence plus the failure's facts (failureMessage); an older record's
    // own wording is not repeated, the catalogue's sentence is told instead
    const told = report.error?.code === code ? report.error.messageVi : undefined;
    problems.push({
      code: 'failure',
      what: known
        ? told?.startsWith(sentence(known.what)) ? told : sentence(known.what)
        : sentence(told ?? `Không xử lý được tệp (mã lỗi: ${code})`),
      fix: known ? known.fix ?? '' : UNKNOWN_FAILURE_FIX,
    });
  }
  if (report.state === 'processed' && rows.length === 0 && !problems.length) {
    problems.push({ code: 'no_table', what: sentence(FAILURES.no_table.what), fix: FAILURES.no_table.fix });
  }
  const noStatus = rows.filter((r) => !r.status || r.status.value === null);
  if (noStatus.length) {
    problems.push({
      code: 'no_status',
      what: `${noStatus.length} dòng chưa ghi tình trạng thực hiện.`,
      fix: `Chọn một trong: ${STATUS_CHOICES.join(' / ')} (hoặc đánh dấu "x" vào đúng cột).`,
      where: noStatus.map(rowLabel),
    });
  }
  if (input.parseDeadline) {
    const bad = rows.filter((r) => r.cells.deadline && r.cells.deadline.trim() && input.parseDeadline!(r.cells.deadline).kind === 'unknown');
    if (bad.length) {
      problems.push({
        code: 'deadline_unknown',
        what: `${bad.length} dòng có thời hạn không đọc được.`,
        fix: 'Ghi thời hạn theo dạng: ngày (30/6/2024), tháng (tháng 6/2024), quý (Quý II/2024), năm (năm 2024) hoặc "Thường xuyên".',
        where: bad.map((r) => `${rowLabel(r)}: "${r.cells.deadline}"`),
      });
    }
  }
  if (report.agencyId && input.tasks) {
    const isOf = input.isAgencyOf ?? defaultIsAgencyOf;
    const other = rows.filter((r) => {
      const id = r.override?.taskId ?? (decisionOf(r) === 'auto' ? r.match?.taskId : undefined);
      const task = id ? input.tasks!.get(id) : undefined;
      return task !== undefined && !isOf(task, report.agencyId!);
    });
    if (other.length) {
      problems.push({
        code: 'other_agency',
        what: `${other.length} dòng ứng với nhiệm vụ không giao cho cơ quan (chủ trì hoặc phối hợp).`,
        fix: 'Kiểm tra lại mã/nội dung nhiệm vụ; chỉ báo cáo nhiệm vụ cơ quan được giao, hoặc ghi rõ ở cột Ghi chú nếu cơ quan thực hiện thay.',
        where: other.map((r) => `${rowLabel(r)} → ${r.override?.taskId ?? r.match?.taskId}`),
      });
    }
  }
  const uncertain = rows.filter((r) => ocrNeedsReview(r.cells.source));
  if (uncertain.length) {
    problems.push({
      code: 'ocr_uncertain',
      what: `${uncertain.length} dòng đọc từ bản quét chưa chắc chắn (chữ mờ, dấu hoặc chữ ký đè lên chữ, chữ viết tay); Thư ký Tổ công tác sẽ đối chiếu với bản quét trước khi ghi nhận.`,
      fix: 'Quý cơ quan có thể xác nhận nội dung các dòng dưới đây, hoặc gửi kèm bản DOCX/XLSX của báo cáo để đối chiếu.',
      where: uncertain.map(rowLabel),
    });
  }
  const unmatched = rows.filter((r) => decisionOf(r) === 'new');
  if (unmatched.length) {
    problems.push({
      code: 'unmatched',
      what: `${unmatched.length} dòng không khớp với nhiệm vụ nào trong danh mục; Thư ký Tổ công tác sẽ xem xét.`,
      fix: 'Nếu đó là nhiệm vụ được giao, ghi đúng mã nhiệm vụ (cột "Mã nhiệm vụ" của biểu mẫu) hoặc số hiệu văn bản giao nhiệm vụ.',
      where: unmatched.map(rowLabel),
    });
  }
  for (const w of report.warnings ?? []) {
    const known = failureOf(w.code);
    if (known) problems.push({ code: 'warning', what: sentence(known.what), fix: known.fix ?? '' });
  }
  return problems;
}


/** A task several agencies answer for: more than one lead, or a group word ("Các bộ, ngành, địa phương") in its lead cell. */
const isSharedTask = (t: Task) => t.lead.ids.length > 1 || Boolean(t.lead.groups?.length);

/** The shared tasks the report's matched rows speak for (first row per task), in the order of the rows. */
export function sharedReported(input: Pick<ReceiptInput, 'rows' | 'tasks'>): Receipt['shared'] {
  const out = new Map<string, Status | null>();
  for (const r of input.rows) {
    const id = r.override?.action === 'reject' ? undefined : r.override?.taskId ?? (decisionOf(r) === 'auto' ? r.match?.taskId : undefined);
    const task = id ? input.tasks?.get(id) : undefined;
    if (task && isSharedTask(task) && !out.has(task.id)) out.set(task.id, r.status?.value ?? null);
  }
  return [...out].map(([taskId, status]) => ({ taskId, status }));
}

const sharedLine = (s: Receipt['shared'][number]) => `${s.taskId}: ${s.status ? STATUS_VI[s.status] : 'chưa ghi tình trạng'}`;

function statusLine(st: TableSummary['statuses']): string {
  const parts = (Object.keys(STATUS_VI) as Status[]).filter((k) => st[k]).map((k) => `${STATUS_VI[k]}: ${st[k]}`);
  if (st.none) parts.push(`Chưa ghi tình trạng: ${st.none}`);
  return parts.join('; ') || '—';
}

export function buildReceipt(input: ReceiptInput): Receipt {
  const { report } = input;
  const tables = summariseTables(input.rows);
  const problems = findProblems(input);
  const ok = report.state === 'processed' && problems.every((p) => p.code !== 'failure' && p.code !== 'no_table');
  const totals = tables.reduce((a, t) => ({ read: a.read + t.read, matched: a.matched + t.matched, review: a.review + t.review, new: a.new + t.new }), { read: 0, matched: 0, review: 0, new: 0 });
  const via = report.origin?.kind === 'email' ? 'qua thư điện tử' : report.origin?.kind === 'cli' ? 'do Thư ký Tổ công tác nạp' : report.origin?.kind === 'web' ? 'trên trang báo cáo của cơ quan' : 'qua kho tải lên';
  const subject = report.origin?.kind === 'email' && report.origin.subject
    ? `Re: ${report.origin.subject}`
    : `[Đề án 06] Xác nhận đã nhận báo cáo: ${report.fileName}`;

  const what = report.origin?.kind === 'email' && /^noi-dung-thu\.(html|txt)$/.test(report.fileName)
    ? 'bảng trong nội dung thư'
    : `tệp "${report.fileName}"`;
  const scan = report.state === 'ocr_pending'
    ? ` Tệp là bản quét (ảnh)${report.ocr?.pages ? `, ${report.ocr.pages} trang` : ''}: hệ thống đang đọc bằng nhận dạng chữ (OCR) và sẽ gửi kết quả đọc trong một thư sau.`
    : report.ocr ? ' Báo cáo được đọc từ bản quét bằng nhận dạng chữ (OCR); các dòng chưa chắc chắn được Thư ký Tổ công tác đối chiếu.' : '';
  const intro = report.state === 'ocr_pending'
    ? `Hệ thống nhận báo cáo Đề án 06 đã nhận ${what}${input.agencyName ? ` của ${input.agencyName}` : ''} (nhận ${via} lúc ${viDateTime(report.receivedAt)}).${scan}`
    : ok
    ? `Hệ thống nhận báo cáo Đề án 06 đã nhận và đọc ${what}${input.agencyName ? ` của ${input.agencyName}` : ''} (nhận ${via} lúc ${viDateTime(report.receivedAt)}).${scan}`
    : `Hệ thống nhận báo cáo Đề án 06 đã nhận ${what}${input.agencyName ? ` của ${input.agencyName}` : ''} (nhận ${via} lúc ${viDateTime(report.receivedAt)}) nhưng chưa đọc được đầy đủ.`;

  const text: string[] = ['Kính gửi Quý cơ quan,', '', intro, ''];
  if (tables.length) {
    text.push(`Tổng cộng: ${tables.length} bảng, ${totals.read} dòng nhiệm vụ; khớp với danh mục nhiệm vụ: ${totals.matched}; cần Thư ký xem xét: ${totals.review}; nhiệm vụ mới/không có trong danh mục: ${totals.new}.`, '');
    for (const t of tables) {
      text.push(`Bảng ${t.table + 1}: đọc ${t.read} dòng — khớp ${t.matched}, cần xem xét ${t.review}, mới ${t.new}.`);
      text.push(`  Tình trạng: ${statusLine(t.statuses)}`);
    }
    text.push('');
  }
  const shared = sharedReported(input);
  if (shared.length) {
    text.push(`Nhiệm vụ giao chung cho nhiều cơ quan mà Quý cơ quan đã báo cáo trong tệp này (${shared.length}):`);
    for (const s of shared.slice(0, MAX_LISTED)) text.push(`  - ${sharedLine(s)}`);
    if (shared.length > MAX_LISTED) text.push(`  - … và ${shared.length - MAX_LISTED} nhiệm vụ khác`);
    text.push('');
  }
  if (problems.length) {
    text.push('Các vấn đề cần lưu ý:');
    problems.forEach((p, i) => {
      text.push(`${i + 1}. ${p.what}`, `   Cách khắc phục: ${p.fix}`);
      for (const w of (p.where ?? []).slice(0, MAX_LISTED)) text.push(`   - ${w}`);
      if ((p.where?.length ?? 0) > MAX_LISTED) text.push(`   - … và ${p.where!.length - MAX_LISTED} dòng khác`);
    });
    text.push('', 'Sau khi sửa, vui lòng gửi lại toàn bộ tệp báo cáo (bản mới sẽ thay bản này).');
  } else if (ok) {
    text.push('Không phát hiện vấn đề nào. Cảm ơn Quý cơ quan.');
  }
  text.push('', `Mã tiếp nhận: ${report.id.slice(0, 12)}`, 'Đây là thư tự động của Thư ký Tổ công tác Đề án 06.');

  const html: string[] = [
    '<div style="font-family:Arial,sans-serif;font-size:14px">',
    '<p>Kính gửi Quý cơ quan,</p>',
    `<p>${esc(intro)}</p>`,
  ];
  if (tables.length) {
    html.push(`<p>Tổng cộng: <b>${tables.length}</b> bảng, <b>${totals.read}</b> dòng nhiệm vụ.</p>`);
    html.push('<table data-intake="receipt" border="1" cellpadding="4" cellspacing="0" style="border-collapse:collapse">',
      '<tr><th>Bảng</th><th>Số dòng đọc được</th><th>Khớp danh mục</th><th>Cần xem xét</th><th>Nhiệm vụ mới</th><th>Tình trạng</th></tr>');
    for (const t of tables) {
      html.push(`<tr><td>${t.table + 1}</td><td>${t.read}</td><td>${t.matched}</td><td>${t.review}</td><td>${t.new}</td><td>${esc(statusLine(t.statuses))}</td></tr>`);
    }
    html.push('</table>');
  }
  if (shared.length) {
    const items = shared.slice(0, MAX_LISTED).map((s) => `<li>${esc(sharedLine(s))}</li>`).join('');
    const more = shared.length > MAX_LISTED ? `<li>… và ${shared.length - MAX_LISTED} nhiệm vụ khác</li>` : '';
    html.push(`<p>Nhiệm vụ giao chung cho nhiều cơ quan mà Quý cơ quan đã báo cáo trong tệp này (<b>${shared.length}</b>):</p><ul>${items}${more}</ul>`);
  }
  if (problems.length) {
    html.push('<p><b>Các vấn đề cần lưu ý:</b></p><ol>');
    for (const p of problems) {
      const where = (p.where ?? []).slice(0, MAX_LISTED).map((w) => `<li>${esc(w)}</li>`).join('');
      const more = (p.where?.length ?? 0) > MAX_LISTED ? `<li>… và ${p.where!.length - MAX_LISTED} dòng khác</li>` : '';
      html.push(`<li>${esc(p.what)}<br><i>Cách khắc phục:</i> ${esc(p.fix)}${where || more ? `<ul>${where}${more}</ul>` : ''}</li>`);
    }
    html.push('</ol><p>Sau khi sửa, vui lòng gửi lại toàn bộ tệp báo cáo (bản mới sẽ thay bản này).</p>');
  } else if (ok) {
    html.push('<p>Không phát hiện vấn đề nào. Cảm ơn Quý cơ quan.</p>');
  }
  html.push(`<p style="color:#666">Mã tiếp nhận: ${esc(report.id.slice(0, 12))}<br>Đây là thư tự động của Thư ký Tổ công tác Đề án 06.</p></div>`);

  return { subject: subject.slice(0, 200), text: text.join('\n'), html: html.join('\n'), tables, problems, shared };
}
