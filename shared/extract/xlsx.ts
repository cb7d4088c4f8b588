/**
 * XLSX → RawTables with exceljs: one table per sheet that holds one (a cover sheet of loose text has none).
 * Cells covered by a merge are not read (exceljs repeats the master's value there); they are marked covered and
 * carry the master's text. Numbers, dates, rich text, formulas (their cached result) and hyperlinks become text.
 * Rows above the table (title rows: one text across the sheet) become the table's title; the sheet name is the
 * source of every row, and row numbers are sheet row numbers.
 *
 * exceljs drops a formula's cached result when it is 0 (a falsy check): those are read from the sheet XML itself,
 * so "0" stays "0"; a formula with no cached result at all (never calculated) is flagged (warning
 * 'xlsx_formula_no_value'), not silently read as an empty cell.
 */
import type ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { nfc } from '#shared/domain/vietnamese';
import { viDateUtc } from '#shared/domain/dates';
import { ExtractError, type ExtractWarning, type GridCell, type RawTable } from './model';
import { type SourceRef } from '#shared/domain/row';
import { cellOf } from './html';

type CellValue = ExcelJS.CellValue;

const MAX_COLUMNS = 200;

/** An Excel value as the text a reader sees. */
export function valueText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15)));
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return viDateUtc(v);
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

const isFormula = (v: CellValue): v is ExcelJS.CellFormulaValue =>
  typeof v === 'object' && v !== null && !(v instanceof Date) && ('formula' in v || 'sharedFormula' in v);

/** Cached values of the formula cells of every sheet as text, read from the XML (sheet name → "D2" → "0"). Lazy: only
 *  opened when exceljs gave a formula without a result. */
function cachedFormulaValues(bytes: Uint8Array): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  const unescape = (x: string): string => x.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const files = unzipSync(bytes, { filter: (f) => f.name === 'xl/workbook.xml' || f.name === 'xl/_rels/workbook.xml.rels' || /^xl\/worksheets\/[^/]+\.xml$/.test(f.name) });
  const wbXml = files['xl/workbook.xml'] ? strFromU8(files['xl/workbook.xml']) : '';
  const rels = files['xl/_rels/workbook.xml.rels'] ? strFromU8(files['xl/_rels/workbook.xml.rels']) : '';
  const target = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const t = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && t) target.set(id, t.replace(/^\/?(xl\/)?/, 'xl/'));
  }
  for (const m of wbXml.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const rid = /\br:id="([^"]+)"/.exec(m[0])?.[1];
    const path = rid ? target.get(rid) : undefined;
    if (!name || !path || !files[path]) continue;
    const cells = new Map<string, string>();
    const xml = strFromU8(files[path]);
    for (const c of xml.matchAll(/<c\b([^>]*)>(.*?)<\/c>/gs)) {
      if (!/<f[\s>/]/.test(c[2])) continue;
      const ref = /\br="([A-Z]+\d+)"/.exec(c[1])?.[1];
      const v = /<v>([^<]*)<\/v>/.exec(c[2])?.[1];
      const type = /\bt="([^"]+)"/.exec(c[1])?.[1];
      if (ref && v !== undefined) cells.set(ref, cachedText(unescape(v), type));
    }
    out.set(unescape(name), cells);
  }
  return out;
}

/** A cached `<v>` as text by its cell type `t` (b boolean, str/e string, else a number). */
function cachedText(v: string, type: string | undefined): string {
  if (type === 'b') return v === '1' ? 'TRUE' : 'FALSE';
  if (type === 'str' || type === 's' || type === 'e' || type === 'inlineStr') return v;
  const n = Number(v);
  return Number.isFinite(n) ? valueText(n) : v;
}

/**
 * A row of the table, not a title: two or more distinct texts, or — cells repeating one value ("1 | 1") — two or
 * more separate (not merged) filled cells in a row whose next row fills the same columns.
 */
function startsTable(rows: Array<{ cells: GridCell[] }>, k: number): boolean {
  const filled = (r: { cells: GridCell[] }): number[] => r.cells.flatMap((c, i) => (!c.covered && c.text ? [i] : []));
  const own = rows[k]!.cells.filter((c) => !c.covered && c.text);
  if (new Set(own.map((c) => c.text)).size >= 2) return true;
  if (own.length < 2 || k + 1 >= rows.length) return false;
  const mine = filled(rows[k]!);
  const next = new Set(filled(rows[k + 1]!));
  return next.size >= 2 && mine.filter((i) => next.has(i)).length >= Math.max(2, mine.length - 1);
}

export async function readXlsx(bytes: Uint8Array): Promise<{ tables: RawTable[]; text: string; warnings: ExtractWarning[] }> {
  const { default: Excel } = await import('exceljs'); // loaded when an XLSX comes (cold start)
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (err) {
    throw new ExtractError('corrupt', 'The Excel file is damaged and cannot be read.',
      { reason: (err as Error).name ?? 'Error' });
  }
  const tables: RawTable[] = [];
  const texts: string[] = [];
  const warnings: ExtractWarning[] = [];
  let cached: Map<string, Map<string, string>> | undefined;
  let missingResults = 0;
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
        } else if (isFormula(cell.value) && cell.value.result === undefined) {
          cached ??= cachedFormulaValues(bytes);
          const ref = cell.address;
          const v = cached.get(ws.name)?.get(ref);
          if (v === undefined) missingResults++;
          cells.push(gridCell(v ?? ''));
        } else {
          cells.push(gridCell(valueText(cell.value)));
        }
      }
      if (cells.some((c) => c.text !== '')) rows.push({ n: r, cells });
    }
    for (const r of rows) for (const c of r.cells) if (!c.covered && c.text) texts.push(c.text);
    // The table starts at the first row of table shape (startsTable); single-text rows above are its title.
    const start = rows.findIndex((_, k) => startsTable(rows, k));
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
  if (missingResults > 0) {
    warnings.push({ code: 'xlsx_formula_no_value', message: `${missingResults} formula cell(s) have no calculated value saved in the file; they were read as empty (open the file in Excel and save it again)` });
  }
  return { tables, text: texts.join(' '), warnings };
}
