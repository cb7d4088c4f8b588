/**
 * The XLSX attachment: sheet "Phụ lục 01" in the secretariat's template layout (sections A/B/C; STT, Nội dung
 * nhiệm vụ, Văn bản chỉ đạo, Đơn vị thực hiện, Thời gian hoàn thành, Kết quả: Hoàn thành / Chưa hoàn thành /
 * Thực hiện thường xuyên, Nguy cơ), a sheet of late tasks laid out like the secretariat's own list, a sheet of
 * task × agency rows and a sheet per agency. Every text cell passes through safeCell (formula injection).
 *
 * Written as SpreadsheetML directly (./xlsx-xml: shared strings, a fixed style table, zipped with fflate): the
 * "Theo đơn vị" sheet has one row per task × agency (≈41,000 rows on a 10,000-task registry), which took exceljs's
 * streaming writer ≈1.3 s alone. The tests read the file back with exceljs.
 */
import { addDays, monthOf, viDate, viMonth, viMonthNumber } from '#shared/domain/dates';
import { labelOf, STATUS_LABEL } from '#shared/domain/labels';
import { TOTAL_ROWS, dueLabel, evidenceLabel, lateHeadline, leadLabel, periodLabel, reportLabel, resultLabel, isShared, taskResultText } from './labels';
import type { AgencyAnswer, Digest, TaskLine } from './model';
import { safeCell } from './safe-cell';
import { WorkbookXml, type Cell, type CellStyle, type SheetSetup, type SheetWriter } from './xlsx-xml';

export const ANNEX_SECTIONS: Array<{ code: 'A' | 'B' | 'C'; title: string }> = [
  { code: 'A', title: 'Nhiệm vụ chung của các Bộ, ngành, địa phương' },
  { code: 'B', title: 'Nhiệm vụ cụ thể của các Bộ, ngành' },
  { code: 'C', title: 'Nhiệm vụ của các địa phương' },
];

const BORDER = 'FF9E9E9E';
const HEAD_FILL = 'FFE3F2FD';
const SECTION_FILL = 'FFF5F5F5';

const safe = (v: Cell) => (typeof v === 'string' ? safeCell(v) : v ?? null);

/** Cell styles, one object each (the writer gives one style id per object). */
const STYLE = {
  text: { alignment: { vertical: 'top', wrapText: true }, border: BORDER },
  center: { alignment: { horizontal: 'center', vertical: 'top', wrapText: true }, border: BORDER },
  head: { alignment: { horizontal: 'center', vertical: 'middle', wrapText: true }, border: BORDER, font: { bold: true }, fill: HEAD_FILL },
  section: { alignment: { vertical: 'top', wrapText: true }, border: BORDER, font: { bold: true }, fill: SECTION_FILL },
  bold: { font: { bold: true } },
  indent: { alignment: { indent: 2 } },
} satisfies Record<string, CellStyle>;
const TITLE_ALIGN = { horizontal: 'center', vertical: 'middle', wrapText: true } as const;
const TITLE: CellStyle[] = [
  { alignment: TITLE_ALIGN, font: { bold: true, size: 13 } },
  { alignment: TITLE_ALIGN, font: { bold: true, size: 11 } },
  { alignment: TITLE_ALIGN, font: { italic: true, size: 11 } },
];

/** Adds a row of values through the guard; `style` is one style for every cell or one per column (default: text). */
function addRow(ws: SheetWriter, values: Cell[], style: CellStyle | CellStyle[] = STYLE.text, height?: number): number {
  return ws.addRow(values.map(safe), Array.isArray(style) ? values.map((_, i) => style[i] ?? STYLE.text) : style, height);
}

function titleRows(ws: SheetWriter, lines: string[], width: number): void {
  lines.forEach((text, i) => {
    // every cell of the merge carries the title's style, as Excel does when it merges
    const row = ws.addRow([safeCell(text), ...Array<null>(width - 1).fill(null)], TITLE[Math.min(i, 2)], i === 1 ? 32 : 18);
    ws.mergeCells(row, 1, row, width);
  });
  ws.addRow([]);
}

/** Landscape A4, fit to one page wide, header rows repeated on every page (SheetSetup.print). */
function sheetSetup(widths: number[], frozenRows: number, headerRows: string, xSplit = 0): SheetSetup {
  return { widths, frozen: { rows: frozenRows, columns: xSplit }, printTitleRows: headerRows, print: true };
}

/** `soon`: the last day that counts as "due soon" (the digest date + 30 days). */
function risk(t: TaskLine, soon: string): string {
  const parts: string[] = [];
  if (t.category === 'overdue' && t.due) parts.push(`Chậm muộn từ ${viMonth(monthOf(t.due))}`);
  if (t.category === 'inProgress' && t.due && t.due <= soon) parts.push(`Sắp đến hạn (${viDate(t.due)})`);
  if (!t.reported) parts.push('Chưa có báo cáo');
  return parts.join('; ');
}

const ANNEX_STYLES = [STYLE.center, STYLE.text, STYLE.text, STYLE.text, STYLE.text, STYLE.center, STYLE.center, STYLE.center, STYLE.text, STYLE.text, STYLE.text];

function annexSheet(wb: WorkbookXml, d: Digest): void {
  const ws = wb.addWorksheet('Phụ lục 01', sheetSetup([6, 60, 24, 26, 16, 11, 11, 13, 24, 18, 50], 6, '5:6'));
  ws.autoFilter(6, 11);
  titleRows(ws, [
    'PHỤ LỤC 01',
    'THỐNG KÊ CÁC NHIỆM VỤ CỦA CÁC BỘ, NGÀNH, ĐỊA PHƯƠNG THEO CÁC CHỈ THỊ, NGHỊ QUYẾT, THÔNG BÁO KẾT LUẬN',
    `(Số liệu tính đến ngày ${viDate(d.asOf)}${d.meeting ? `, phục vụ ${d.meeting.title}` : ''})`,
  ], 11);
  const h1 = addRow(ws, ['STT', 'Nội dung, nhiệm vụ', 'Văn bản chỉ đạo', 'Đơn vị thực hiện', 'Thời gian hoàn thành', 'Kết quả', null, null, 'Nguy cơ', 'Mã nhiệm vụ', 'Kết quả báo cáo gần nhất'], STYLE.head, 20);
  const h2 = addRow(ws, [null, null, null, null, null, STATUS_LABEL.completed, STATUS_LABEL.not_completed, STATUS_LABEL.recurring, null, null, null], STYLE.head, 32);
  for (const c of [1, 2, 3, 4, 5, 9, 10, 11]) ws.mergeCells(h1, c, h2, c);
  ws.mergeCells(h1, 6, h1, 8);

  const soon = addDays(d.asOf, 30);
  for (const sec of ANNEX_SECTIONS) {
    const tasks = d.tasks.filter((t) => t.annexSection === sec.code);
    const srow = addRow(ws, [sec.code, sec.title, null, null, null, null, null, null, null, null, null], STYLE.section);
    ws.mergeCells(srow, 2, srow, 11);
    tasks.forEach((t, i) => {
      const result = isShared(t) ? taskResultText(t) : t.latest ? `${resultLabel(t.latest)} (${evidenceLabel(t.latest)})` : '';
      addRow(ws, [
        i + 1, t.content, t.directive, leadLabel(t), dueLabel(t),
        t.category === 'completed' ? 'x' : null,
        t.category === 'overdue' || t.category === 'inProgress' ? 'x' : null,
        t.category === 'recurring' ? 'x' : null,
        risk(t, soon), t.taskId, result,
      ], ANNEX_STYLES);
    });
  }
}

function lateSheet(wb: WorkbookXml, d: Digest): void {
  // rows: 2 title + blank, the headline, one line per group, blank, then the header
  const headerRow = 3 + 1 + d.lateGroups.length + 1 + 1;
  const ws = wb.addWorksheet('Nhiệm vụ chậm muộn', sheetSetup([6, 60, 24, 26, 16, 50, 18, 18, 26], headerRow, `${headerRow}:${headerRow}`));
  titleRows(ws, ['CÁC NHIỆM VỤ CHẬM TIẾN ĐỘ', `Số liệu tính đến ngày ${viDate(d.asOf)}`], 9);
  // the secretariat's "+ 19 nhiệm vụ …" lines, indented instead of "+" (a leading "+" would be neutralised)
  addRow(ws, [lateHeadline(d)], STYLE.bold);
  for (const g of d.lateGroups) addRow(ws, [g.label], STYLE.indent);
  ws.addRow([]);
  const header = addRow(ws, ['STT', 'Nội dung, nhiệm vụ', 'Văn bản chỉ đạo', 'Đơn vị thực hiện', 'Thời gian hoàn thành', 'Kết quả', 'Ghi chú', 'Mã nhiệm vụ', 'Nguồn báo cáo'], STYLE.head);
  if (header !== headerRow) throw new Error(`late sheet header at row ${header}, expected ${headerRow}`);
  let n = 0;
  for (const g of d.lateGroups) {
    const grow = addRow(ws, [null, g.label, null, null, null, null, null, null, null], STYLE.section);
    ws.mergeCells(grow, 2, grow, 9);
    const note = g.carriedFrom ? `${g.carriedFrom} chuyển sang` : `Tháng ${viMonthNumber(g.key)}`;
    for (const t of g.tasks) {
      n++;
      addRow(ws, [
        n, t.content, t.directive, leadLabel(t), dueLabel(t),
        taskResultText(t),
        note, t.taskId, t.latest ? evidenceLabel(t.latest) : '',
      ], [STYLE.center]);
    }
  }
}

function agencySheet(wb: WorkbookXml, d: Digest): void {
  const ws = wb.addWorksheet('Tổng hợp đơn vị', sheetSetup([6, 40, ...TOTAL_ROWS.map(() => 13), 14, 40, 34], 4, '4:4', 2));
  titleRows(ws, ['TÌNH HÌNH THỰC HIỆN THEO ĐƠN VỊ', `Kỳ báo cáo ${periodLabel(d)}`], 11);
  addRow(ws, ['STT', 'Đơn vị', ...TOTAL_ROWS.map((r) => r.label), 'Đã báo cáo kỳ này', 'Báo cáo trong kỳ', 'Liên hệ'], STYLE.head);
  d.agencies.forEach((a, i) => {
    addRow(ws, [
      i + 1, a.name, ...TOTAL_ROWS.map((r) => a.counts[r.key]),
      a.reported ? 'Có' : 'Chưa',
      a.reports.map(reportLabel).join('\n'),
      a.emails.join('\n'),
    ]);
  });
}

const ROLE_VI: Record<AgencyAnswer['role'], string> = { lead: 'Chủ trì', member: 'Chủ trì (thành viên nhóm)', coordinator: 'Phối hợp' };

/** An agency's own status on a task: what it marked, "Chưa báo cáo", or that it reported without marking one. */
export function ownStatusLabel(a: Pick<AgencyAnswer, 'latest'>): string {
  if (!a.latest) return 'Chưa báo cáo';
  return a.latest.status ? labelOf(STATUS_LABEL, a.latest.status) : 'Đã báo cáo, không ghi tình trạng';
}

/** One row per task × agency that answers for it (and its coordinators), with filters: the secretariat sorts by agency. */
function perAgencySheet(wb: WorkbookXml, d: Digest): void {
  const ws = wb.addWorksheet('Theo đơn vị', sheetSetup([6, 18, 60, 30, 16, 18, 50, 26, 12], 4, '4:4', 2));
  titleRows(ws, ['TÌNH HÌNH THỰC HIỆN THEO NHIỆM VỤ VÀ ĐƠN VỊ', `Số liệu tính đến ngày ${viDate(d.asOf)}`], 9);
  ws.autoFilter(addRow(ws, ['STT', 'Mã nhiệm vụ', 'Nội dung, nhiệm vụ', 'Đơn vị', 'Vai trò', 'Tình trạng', 'Kết quả', 'Báo cáo', 'Ngày'], STYLE.head), 9);
  let n = 0;
  for (const t of d.tasks) {
    for (const a of [...t.share.answering, ...t.share.coordinators]) {
      n++;
      // a plain list for sorting and filtering (no per-cell style: tens of thousands of rows for group tasks)
      ws.addRow([
        n, t.taskId, t.content, a.name, ROLE_VI[a.role], ownStatusLabel(a), a.latest?.result ?? '',
        a.latest ? (a.latest.fileName ?? a.latest.reportId) : '', a.latest ? viDate(a.latest.reportDate) : '',
      ].map(safe));
    }
  }
}

export async function renderXlsx(d: Digest): Promise<Buffer> {
  const wb = new WorkbookXml({ creator: 'Đề án 06 — tổng hợp báo cáo', created: new Date(d.generatedAt).toISOString().replace(/\.\d{3}Z$/, 'Z') });
  annexSheet(wb, d);
  lateSheet(wb, d);
  perAgencySheet(wb, d);
  agencySheet(wb, d);
  return wb.toBuffer();
}
