/**
 * Body rows of a task table → ReportRows:
 * - repeated header rows (a header printed again on every page) and numbering rows ("(1) (2) (3)…") are dropped;
 * - section rows (A/B/C, I/II/III, or a title alone across the row) set `section` for the rows below;
 * - continuation rows (empty STT continuing the row above, e.g. a row split by a page break, or a row under a
 *   merged STT) are merged back into it, text joined, provenance listing every physical row;
 * - cells become fields by column role; status marks become `statusMark`; unknown columns go to `extra`.
 */
import { headerKey, nfc } from '#shared/domain/vietnamese';
import type { ExtractWarning, GridCell, RawTable } from '#shared/extract/model';
import type { ReportRow, SourceRef } from '#shared/domain/row';
import { joinLines } from '#shared/extract/html';
import type { Column, Header } from './header';
import { MARK_ROLES, isMark } from './roles';

const FIELD_ORDER = ['stt', 'taskId', 'content', 'lead', 'coord', 'refs', 'deadline', 'product', 'result', 'assessment', 'risk', 'note'];
const SECTION_LABEL = /^(?:[A-Z]|[IVXLC]{1,6})[.)]?$/;
const TOTAL = /^(tổng số|tổng cộng|tổng|cộng)( (nhiệm vụ|số|cộng|chung|toàn bộ))*\s*:?$/u;
const NUMBERING_CELL = /^\(?(?:\d{1,2}|[A-Z])\)?$/;

function ownTexts(row: GridCell[]): string[] {
  return row.filter((c) => !c.covered && c.text).map((c) => c.text);
}

function distinctTexts(row: GridCell[]): string[] {
  return [...new Set(row.filter((c) => c.text).map((c) => c.text))];
}

export function isNumberingRow(row: GridCell[]): boolean {
  const own = ownTexts(row);
  if (own.length < 3 || own.length < row.length / 2) return false;
  if (!own.every((t) => NUMBERING_CELL.test(t))) return false;
  return new Set(own).size === own.length && own.some((t) => /\d/.test(t));
}

export function isRepeatedHeader(row: GridCell[], header: Header): boolean {
  // header cells are short: long data cells need no (costly) key
  const keys = row.map((c) => (c.text && c.text.length <= 80 ? headerKey(c.text) : c.text ? '\u0000' : ''));
  const filled = keys.filter(Boolean).length;
  if (filled === 0) return false;
  return header.keys.some((hk) => {
    let same = 0;
    keys.forEach((k, i) => {
      if (k && k === hk[i]) same++;
    });
    return same >= Math.max(2, Math.ceil(filled * 0.6));
  });
}

const isUpper = (s: string) => {
  const letters = s.replace(/[^\p{L}]/gu, '');
  return letters.length >= 3 && letters === letters.toLocaleUpperCase('vi');
};

interface Building {
  cells: Array<{ text: string; raw: string }>;
  sources: SourceRef[];
  section?: string;
}

export interface RowsResult {
  rows: ReportRow[];
  warnings: ExtractWarning[];
  lastSection?: string;
}

/** Reads the body rows (after the header) of a task table. */
export function readRows(table: RawTable, header: Header, opts: { startSection?: string } = {}): RowsResult {
  const cols = header.columns;
  const sttCol = cols.findIndex((c) => c.role === 'stt');
  const warnings: ExtractWarning[] = [];
  const body: Array<{ cells: GridCell[]; source: SourceRef }> = [];
  for (let r = header.end; r < table.grid.length; r++) {
    body.push({ cells: table.grid[r]!, source: table.sources[r] ?? { row: r + 1 } });
  }
  // Is the STT column actually filled in (so that an empty STT means "continuation")?
  const numbered = sttCol >= 0 && body.filter((b) => /\d/.test(b.cells[sttCol]?.text ?? '')).length >= Math.max(1, body.length * 0.4);

  const built: Building[] = [];
  let section = opts.startSection;
  let prev: Building | undefined;
  for (const { cells, source } of body) {
    const own = ownTexts(cells);
    if (own.length === 0 && !cells.some((c) => c.covered && c.span !== 'col' && c.text)) continue;
    if (isNumberingRow(cells) || isRepeatedHeader(cells, header)) continue;
    const distinct = distinctTexts(cells);
    const stt = sttCol >= 0 ? cells[sttCol] : undefined;
    const sttText = stt && !(stt.covered && stt.span !== 'row') ? stt.text : '';
    const spansColumns = cells.some((c) => c.covered && c.span === 'col');
    const hasMark = cols.some((col, i) => MARK_ROLES[col.role] && isMark(cells[i]?.text ?? ''));

    const contentCol = cols.findIndex((c) => c.role === 'content');
    const content = contentCol >= 0 ? cells[contentCol] : undefined;
    const ownContent = content && !content.covered ? content.text : '';
    const newPage = source.page !== undefined && prev?.sources.at(-1)?.page !== undefined && source.page !== prev.sources.at(-1)!.page;
    const readsOn = !ownContent || /^[\p{Ll}\p{P}\d]/u.test(ownContent);
    const emptyStt = sttCol >= 0 && !cells[sttCol]?.text;
    const mergedStt = !!(stt?.covered && stt.span === 'row');

    // Section rows: "A"/"II." in the STT column with a title; or one text alone: spanning the row, in capitals,
    // prefixed by a label ("A Title"), outside the content column, or a short title in the content column of a
    // numbered table (not a row continuing across a page break or reading on in lower case).
    if (!hasMark && !mergedStt) {
      if (SECTION_LABEL.test(sttText) && distinct.length <= 2) {
        const title = distinct.find((t) => t !== sttText);
        section = title ? `${sttText.replace(/[.)]$/, '')}. ${title}` : sttText.replace(/[.)]$/, '');
        prev = undefined;
        continue;
      }
      if (distinct.length === 1 && !/^\d+[.)]?$/.test(distinct[0]!)) {
        const only = distinct[0]!;
        const m = only.match(/^((?:[A-Z]|[IVXLC]{1,6})[.)]?)\s+(\p{Lu}.*)$/u);
        const inContent = ownContent === only;
        // a lone text in another data column (lead, coordination, deadline…) with an empty STT is the row above
        // continued past a page break (04/CT-TTg A.6: "Du lịch và tinh Thừa Thiên Huế" in the lead column)
        const firstCol = cells.findIndex((c) => !c.covered && c.text);
        const inDataColumn = !inContent && firstCol > Math.max(sttCol, 0) && firstCol !== contentCol;
        const continuing = !!prev && numbered && (newPage || (inContent && readsOn) || (emptyStt && inDataColumn));
        const shortTitle = inContent && numbered && only.length <= 120 && !/[.;,:]$/.test(only);
        if (!continuing && (spansColumns || isUpper(only) || m || !inContent || shortTitle)) {
          section = m ? `${m[1]!.replace(/[.)]$/, '')}. ${m[2]}` : only;
          prev = undefined;
          continue;
        }
      }
    }

    // Totals ("Tổng số", "Tổng cộng") are not tasks and do not continue the row above
    const label = nfc(ownContent || distinct[0] || '').toLowerCase();
    if (!sttText && label.length <= 40 && TOTAL.test(label)) continue;

    // Continuation rows: an STT merged down from the row above; or an empty STT in a numbered table when the row
    // starts on a new page (split by a page break) or reads as the rest of the row above (its text starts in
    // lower case or it has no content of its own). An unnumbered row with its own capitalised content on the
    // same page is a task without a number, not a continuation.
    const continues = prev && ((numbered && emptyStt && (newPage || readsOn)) || mergedStt);
    if (continues && prev) {
      cells.forEach((c, i) => {
        if (!c.text || c.covered) return;
        const p = prev!.cells[i]!;
        p.text = p.text ? joinLines([p.text, c.text]) : c.text;
        p.raw = p.raw ? `${p.raw}\n${c.raw}` : c.raw;
      });
      prev.sources.push(source);
      continue;
    }

    const row: Building = {
      cells: cells.map((c) => (c.covered && c.span !== 'row' ? { text: '', raw: '' } : { text: c.text, raw: c.raw })),
      sources: [source],
      section,
    };
    built.push(row);
    prev = row;
  }

  const rows: ReportRow[] = [];
  built.forEach((b, n) => {
    const r = toReportRow(b, cols, table.index, warnings, n);
    if (r) rows.push(r);
  });
  return { rows, warnings, lastSection: section };
}

function toReportRow(b: Building, cols: Column[], table: number, warnings: ExtractWarning[], n: number): ReportRow | undefined {
  const out: Record<string, unknown> = {};
  const raw: Record<string, string> = {};
  const extra: Record<string, string> = {};
  const marks: string[] = [];
  let any = false;
  cols.forEach((col, i) => {
    const cell = b.cells[i];
    if (!cell?.text) return;
    const text = nfc(cell.text);
    const status = MARK_ROLES[col.role];
    if (status) {
      if (isMark(text)) marks.push(status);
      else if (text) extra[col.header || `Cột ${i + 1}`] = text;
      raw[col.role] = cell.raw;
      return;
    }
    if (col.role === 'extra') {
      extra[col.header || `Cột ${i + 1}`] = text;
      raw[`extra:${col.header || `Cột ${i + 1}`}`] = cell.raw;
      any = true;
      return;
    }
    const field = col.role === 'task_id' ? 'taskId' : col.role;
    out[field] = text;
    raw[col.role] = cell.raw;
    if (col.role !== 'stt') any = true;
  });
  if (!any && marks.length === 0) return undefined;
  if (marks.length > 1) {
    warnings.push({ code: 'several_marks', message: 'Một dòng được đánh dấu ở nhiều cột kết quả; lấy cột đầu tiên. / Several status columns are marked; the first is used.', table, row: b.sources[0]!.row });
  }
  const first = b.sources[0]!;
  const source: SourceRef = {
    ...(first.page !== undefined ? { page: first.page } : {}),
    ...(first.sheet !== undefined ? { sheet: first.sheet } : {}),
    row: first.row,
    ...(b.sources.length > 1
      ? { rows: b.sources.map((s) => ({ ...(s.page !== undefined ? { page: s.page } : {}), ...(s.sheet !== undefined ? { sheet: s.sheet } : {}), row: s.row })) }
      : {}),
    ...ocrOf(b.sources),
  };
  void n;
  const ordered: Record<string, unknown> = {};
  for (const k of FIELD_ORDER) if (out[k] !== undefined) ordered[k] = out[k];
  return {
    ...(b.section ? { section: b.section } : {}),
    ...(ordered as Partial<ReportRow>),
    ...(marks.length ? { statusMark: marks[0] as ReportRow['statusMark'] } : {}),
    ...(Object.keys(extra).length ? { extra } : {}),
    ...(Object.keys(raw).length ? { raw } : {}),
    source,
  };
}

/** Rows read by OCR: the lowest confidence of the physical rows and the box around them (on the first row's page). */
function ocrOf(sources: SourceRef[]): Pick<SourceRef, 'ocr'> {
  const read = sources.filter((s) => s.ocr && (s.page === sources[0]!.page));
  if (!read.length) return {};
  const boxes = read.map((s) => s.ocr!.box);
  return {
    ocr: {
      confidence: Math.min(...sources.flatMap((s) => (s.ocr ? [s.ocr.confidence] : []))),
      box: { x0: Math.min(...boxes.map((b) => b.x0)), y0: Math.min(...boxes.map((b) => b.y0)), x1: Math.max(...boxes.map((b) => b.x1)), y1: Math.max(...boxes.map((b) => b.y1)) },
    },
  };
}
