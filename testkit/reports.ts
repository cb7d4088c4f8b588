/**
 * Realistic agency reports built from the seed registry (the tasks agencies really answer), as the agencies'
 * machines produce them: XLSX (exceljs) with title rows and a two-row "Kết quả" header, or DOCX (docx) with a
 * merged-header table. Used by the resilience suite and by bench/load.ts. Deterministic for a given seed.
 */
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import ExcelJS from 'exceljs';
import type { Task } from '#shared/domain/task';

export interface GeneratedReport {
  /** uploads/<agency>/<file> */
  key: string;
  agencyId: string;
  fileName: string;
  format: 'xlsx' | 'docx';
  bytes: Uint8Array;
  /** task rows written into the table (what extraction should give back). */
  rows: number;
}

/** Agencies that report (ids of the agency directory), ministries and provinces alike. */
export const REPORTING_AGENCIES = [
  'bo-tu-phap', 'bo-y-te', 'bo-cong-an', 'bo-noi-vu', 'bo-tai-chinh', 'bo-cong-thuong', 'bo-xay-dung',
  'bhxh-viet-nam', 'tp-hue', 'bo-giao-duc-va-dao-tao', 'bo-nong-nghiep-va-moi-truong', 'ngan-hang-nha-nuoc-viet-nam',
] as const;

const MARKS = ['Hoàn thành', 'Chưa hoàn thành', 'Thực hiện thường xuyên'] as const;
const NOTES = ['', '', 'Đang hoàn thiện hồ sơ trình ký', 'Chờ kinh phí năm 2025', 'Đã kết nối thử nghiệm', ''];

/** a small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Line { stt: string; content: string; lead: string; deadline: string; mark: number; note: string }

function linesFor(tasks: Task[], n: number, rnd: () => number, salt: string): Line[] {
  const out: Line[] = [];
  const start = Math.floor(rnd() * tasks.length);
  for (let i = 0; i < n; i++) {
    const t = tasks[(start + i * 7) % tasks.length]!;
    out.push({
      stt: String(i + 1),
      content: t.contentRaw ?? t.content,
      lead: t.lead.raw,
      deadline: t.deadline.raw,
      mark: Math.floor(rnd() * 3),
      // the note makes every report's content unique (the same bytes twice would be a duplicate report)
      note: [NOTES[Math.floor(rnd() * NOTES.length)], i === 0 ? `Cập nhật ${salt}` : ''].filter(Boolean).join('. '),
    });
  }
  return out;
}

async function xlsx(lines: Line[], agencyName: string): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Phụ lục 01');
  ws.getCell(1, 1).value = `${agencyName.toUpperCase()} — BÁO CÁO TÌNH HÌNH THỰC HIỆN ĐỀ ÁN 06`;
  ws.mergeCells(1, 1, 1, 8);
  const h = 3;
  ['STT', 'Nội dung nhiệm vụ', 'Đơn vị chủ trì', 'Thời hạn hoàn thành'].forEach((t, i) => {
    ws.getCell(h, i + 1).value = t;
    ws.mergeCells(h, i + 1, h + 1, i + 1);
  });
  ws.getCell(h, 5).value = 'Kết quả';
  ws.mergeCells(h, 5, h, 7);
  MARKS.forEach((m, i) => (ws.getCell(h + 1, 5 + i).value = m));
  ws.getCell(h, 8).value = 'Ghi chú';
  ws.mergeCells(h, 8, h + 1, 8);
  let r = h + 2;
  for (const l of lines) {
    ws.getCell(r, 1).value = Number(l.stt);
    ws.getCell(r, 2).value = l.content;
    ws.getCell(r, 3).value = l.lead;
    ws.getCell(r, 4).value = l.deadline;
    ws.getCell(r, 5 + l.mark).value = 'x';
    if (l.note) ws.getCell(r, 8).value = l.note;
    r++;
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const para = (text: string, bold = false) => new Paragraph({ children: [new TextRun({ text, bold })] });
const cell = (text: string, o: { columnSpan?: number; rowSpan?: number; bold?: boolean } = {}) =>
  new TableCell({ children: [para(text, o.bold)], ...(o.columnSpan ? { columnSpan: o.columnSpan } : {}), ...(o.rowSpan ? { rowSpan: o.rowSpan } : {}) });

async function docx(lines: Line[], agencyName: string): Promise<Uint8Array> {
  const rows = [
    new TableRow({
      tableHeader: true,
      children: [
        ...['STT', 'Nội dung nhiệm vụ', 'Đơn vị chủ trì', 'Thời hạn hoàn thành'].map((t) => cell(t, { rowSpan: 2, bold: true })),
        cell('Kết quả', { columnSpan: 3, bold: true }), cell('Ghi chú', { rowSpan: 2, bold: true }),
      ],
    }),
    new TableRow({ tableHeader: true, children: MARKS.map((m) => cell(m, { bold: true })) }),
    ...lines.map((l) => new TableRow({
      children: [cell(l.stt), cell(l.content), cell(l.lead), cell(l.deadline), ...[0, 1, 2].map((i) => cell(l.mark === i ? 'x' : '')), cell(l.note)],
    })),
  ];
  const doc = new Document({
    sections: [{ children: [para(agencyName.toUpperCase(), true), para('BÁO CÁO KẾT QUẢ TRIỂN KHAI ĐỀ ÁN 06', true),
      new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } })] }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/**
 * Report number `i` of a run: agency, format and tasks vary with `i`; about `rows` task rows (±20%).
 * `names` maps agency ids to display names (optional).
 */
export async function generateReport(tasks: Task[], i: number, opts: { rows?: number; seed?: number; names?: (id: string) => string | undefined } = {}): Promise<GeneratedReport> {
  const rnd = prng((opts.seed ?? 6) * 100_003 + i);
  const agencyId = REPORTING_AGENCIES[i % REPORTING_AGENCIES.length]!;
  const base = opts.rows ?? 100;
  const n = Math.max(1, Math.round(base * (0.8 + rnd() * 0.4)));
  const format = i % 2 === 0 ? 'xlsx' : 'docx';
  const lines = linesFor(tasks, n, rnd, `lần ${i + 1}`);
  const name = opts.names?.(agencyId) ?? agencyId;
  const bytes = format === 'xlsx' ? await xlsx(lines, name) : await docx(lines, name);
  const fileName = `bao-cao-de-an-06-${String(i + 1).padStart(4, '0')}.${format}`;
  return { key: `uploads/${agencyId}/${fileName}`, agencyId, fileName, format, bytes, rows: n };
}
