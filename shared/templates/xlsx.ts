/**
 * The agency's template as XLSX (exceljs): Phụ lục 01 title, a one-sheet task table with the task id in a locked
 * column, the status as a drop-down, the agency's columns unlocked, and the sheet protected (rows may still be
 * sorted, deleted or inserted). A second sheet holds the instructions.
 */
import type ExcelJS from 'exceljs';
import { COLUMNS, instructions, STATUS_CHOICES, type TemplateMeta } from './layout';
import { viDate } from '#shared/domain/dates';
import type { TemplateRow } from './rows';

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

const STATUS_VALIDATION: ExcelJS.DataValidation = {
  type: 'list',
  allowBlank: true,
  formulae: [`"${STATUS_CHOICES.join(',')}"`],
  showErrorMessage: true,
  errorStyle: 'stop',
  errorTitle: 'Tình trạng không hợp lệ',
  error: `Chọn một trong: ${STATUS_CHOICES.join(' / ')}`,
  showInputMessage: true,
  promptTitle: 'Tình trạng',
  prompt: STATUS_CHOICES.join(' / '),
};

/** Ascending row numbers → [first, last] of each run of consecutive rows. */
function runs(rows: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const n of rows) {
    const last = out[out.length - 1];
    if (last && n === last[1] + 1) last[1] = n;
    else out.push([n, n]);
  }
  return out;
}

export async function buildXlsx(meta: TemplateMeta, rows: TemplateRow[]): Promise<Uint8Array> {
  const { default: Excel } = await import('exceljs'); // loaded when a template is built (cold start)
  const wb = new Excel.Workbook();
  wb.creator = 'Đề án 06 — Thư ký Tổ công tác';
  wb.created = new Date(meta.generatedAt);
  const ws = wb.addWorksheet('Phụ lục 01', { pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  const last = COLUMNS.length;

  const title = (text: string, bold = true) => {
    const r = ws.addRow([text]);
    ws.mergeCells(r.number, 1, r.number, last);
    r.getCell(1).font = { bold, size: bold ? 13 : 11 };
    r.getCell(1).alignment = { horizontal: 'center', wrapText: true };
  };
  title('PHỤ LỤC 01');
  title(`THỐNG KÊ CÁC NHIỆM VỤ CỦA ${meta.agencyName.toUpperCase()} THEO CÁC CHỈ THỊ, NGHỊ QUYẾT, THÔNG BÁO KẾT LUẬN`);
  title(`Kỳ báo cáo: ${meta.period.label} (${viDate(meta.period.start)} – ${viDate(meta.period.end)})${meta.deadline ? ` — hạn gửi: ${viDate(meta.deadline)}` : ''}`, false);
  ws.addRow([]);

  const header = ws.addRow(COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.eachCell((cell) => { cell.border = BORDER; cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } }; });
  ws.views = [{ state: 'frozen', ySplit: header.number, xSplit: 0 }];

  const statusCol = COLUMNS.findIndex((c) => c.key === 'status') + 1;
  const statusRows: number[] = [];
  for (const row of rows) {
    if (row.kind === 'section') {
      const r = ws.addRow([row.title]);
      ws.mergeCells(r.number, 1, r.number, last);
      r.getCell(1).font = { bold: true };
      r.getCell(1).border = BORDER;
      continue;
    }
    const values = row.kind === 'task' && row.cells ? COLUMNS.map((c) => (c.key in row.cells! ? (row.cells as Record<string, string>)[c.key] : '')) : COLUMNS.map(() => '');
    const r = ws.addRow(values);
    r.alignment = { vertical: 'top', wrapText: true };
    COLUMNS.forEach((c, i) => {
      const cell = r.getCell(i + 1);
      cell.border = BORDER;
      // the agency's columns are unlocked; on blank rows everything but the id is theirs
      const editable = c.editable || (row.kind === 'blank' && c.key !== 'taskId');
      cell.protection = { locked: !editable };
      if (c.key === 'taskId') {
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };
        cell.font = { color: { argb: 'FF595959' } };
      }
    });
    statusRows.push(r.number);
  }
  // one validation per run of task rows (section rows break a run): never per cell, which exceljs would squeeze into
  // overlapping ranges (H8:H24 and H10:H24: it orders addresses as text)
  const letter = ws.getColumn(statusCol).letter;
  const validations = (ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  for (const [from, to] of runs(statusRows)) validations.add(`${letter}${from}:${letter}${to}`, STATUS_VALIDATION);
  ws.autoFilter = { from: { row: header.number, column: 1 }, to: { row: header.number, column: last } };
  await ws.protect('', {
    selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true,
    insertRows: true, deleteRows: true, sort: true, autoFilter: true,
  });

  const help = wb.addWorksheet('Hướng dẫn');
  help.getColumn(1).width = 120;
  help.addRow(['HƯỚNG DẪN ĐIỀN BIỂU MẪU']).font = { bold: true };
  for (const line of instructions(meta)) help.addRow([line]).alignment = { wrapText: true };

  return new Uint8Array(await wb.xlsx.writeBuffer());
}
