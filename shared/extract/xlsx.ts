/**
 * XLSX → RawTables with exceljs: one table per sheet that holds one (a cover sheet of loose text has none).
 * Cells covered by a merge are not read (exceljs repeats the master's value there); they are marked covered and
 * carry the master's text. Numbers, dates, rich text, formulas (their cached result) and hyperlinks become text.
 * Rows above the table (title rows: one text across the sheet) become the table's title; the sheet name is the
 * source of every row, and row numbers are sheet row numbers.
 */
import ExcelJS from 'exceljs';
import { nfc } from '#shared/domain/vietnamese';
import { ExtractError, type GridCell, type RawTable } from './model';
import { type SourceRef } from '#shared/domain/row';
import { cellOf } from './html';

type CellValue = ExcelJS.CellValue;

const MAX_COLUMNS = 200;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** An Excel value as the text a reader sees. */
export function valueText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15)));
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) {
    const hasTime = v.getUTCHours() + v.getUTCMinutes() + v.getUTCSeconds() > 0;
    const d = `${pad(v.getUTCDate())}/${pad(v.getUTCMonth() + 1)}/${v.getUTCFullYear()}`;
    return hasTime ? `${d} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}` : d;
  }
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('formula' in v || 'sharedFormula' in v) return valueText((v as { result?: CellValue }).result ?? null);
    if ('hyperlink' in v) return valueText((v as { text?: CellValue }).text ?? '');
    if ('error' in v) return String((v as { error: unknown }).error);
    if ('text' in v) return valueText((v as { text: CellValue }).text);
  }
  return String(v);
}

function gridCell(text: string): GridCell {
  return cellOf(text.split(/\r\n|\r|\n/));
}

export async function readXlsx(bytes: Uint8Array): Promise<{ tables: RawTable[]; text: string }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (err) {
    throw new ExtractError('corrupt', 'The Excel file is damaged and cannot be read.', 'Tệp Excel (.xlsx) bị hỏng, không đọc được.',
      { reason: (err as Error).name ?? 'Error' });
  }
  const tables: RawTable[] = [];
  const texts: string[] = [];
  for (const ws of wb.worksheets) {
    if (ws.state === 'veryHidden') continue;
    // the used width: the last column holding a value (formatting alone can stretch exceljs' columnCount to 16384)
    let width = 0;
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        if (col > width && (cell.value !== null && cell.value !== undefined && cell.value !== '')) width = col;
      });
    });
    width = Math.min(width, MAX_COLUMNS);
    const rows: Array<{ n: number; cells: GridCell[] }> = [];
    const rowNumbers: number[] = [];
    ws.eachRow({ includeEmpty: false }, (_row, n) => void rowNumbers.push(n));
    for (const r of rowNumbers) {
      const row = ws.getRow(r);
      const cells: GridCell[] = [];
      for (let c = 1; c <= width; c++) {
        const cell = row.getCell(c);
        const master = cell.master;
        if (master && master !== cell) {
          const m = gridCell(valueText(master.value));
          const sameRow = master.row === cell.row;
          const sameCol = master.col === cell.col;
          cells.push({ ...m, covered: true, span: sameRow ? 'col' : sameCol ? 'row' : 'both' });
        } else {
          cells.push(gridCell(valueText(cell.value)));
        }
      }
      if (cells.some((c) => c.text !== '')) rows.push({ n: r, cells });
    }
    for (const r of rows) for (const c of r.cells) if (!c.covered && c.text) texts.push(c.text);
    // The table starts at the first row with two or more distinct cells; single-text rows above are its title.
    const start = rows.findIndex((r) => new Set(r.cells.filter((c) => !c.covered && c.text).map((c) => c.text)).size >= 2);
    if (start < 0) continue;
    const titleRows = rows.slice(0, start).map((r) => nfc(r.cells.find((c) => c.text)?.text ?? '')).filter(Boolean);
    const body = rows.slice(start);
    // trim columns empty in every row of the table
    let last = width - 1;
    while (last > 0 && body.every((r) => r.cells[last]!.text === '')) last--;
    const grid = body.map((r) => r.cells.slice(0, last + 1));
    const sources: SourceRef[] = body.map((r) => ({ sheet: ws.name, row: r.n }));
    tables.push({ index: tables.length, title: titleRows.length ? titleRows.join(' ') : ws.name, grid, sources });
  }
  return { tables, text: texts.join(' ') };
}
