/**
 * Plain-text tables, as they arrive in email bodies and in the seed documents:
 *
 * - tab-separated (TSV): one row a line, cells separated by tabs. A table runs on across blank lines (page breaks)
 *   and across one lone non-tab line between tab lines (a section heading typed without tabs). A row split by a
 *   page break continues on the next line with an empty STT; it is kept as its own grid row (understand/ merges it).
 * - one cell per block (text copied from a web page): cells separated by lines holding only `|`; a table starts at a
 *   block holding a header word for the row number (STT, TT, Số TT); its width is the number of header cells.
 * - markdown pipe tables (`| a | b |`).
 *
 * Markdown-ish noise (`<b>`, `<p>`, `**bold**`, `## `) is dropped from `text`; `raw` keeps the cell as written.
 * Provenance: `source.row` is the 1-based line number of the row (of its first cell for block tables).
 */
import type { GridCell, RawTable } from './model';
import type { SourceRef } from '#shared/domain/row';
import { headerKey, nfc } from '#shared/domain/vietnamese';

interface Line { no: number; text: string }
interface Found { start: number; title?: string; grid: GridCell[][]; sources: SourceRef[] }

const SEPARATOR = /^\s*\|\s*$/;
const PIPE_ROW = /^\s*\|.*\|\s*$/;
const PIPE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
const STT_WORDS = new Set(['stt', 'tt', 'so tt', 'so thu tu']);
/** a row number or a section code in the first cell: 1, 12, 3a, A, B, I, IV, "A.", "II." */
const ROW_START = /^(\d{1,3}[a-zđ]?|[A-ZĐ]|[IVXL]{1,5})[.)]?$/;
const SECTION_CODE = /^([A-ZĐ]|[IVXL]{1,5})[.)]?$/;
/** a column-numbering cell under a header: "(1)", "(2)" … */
const NUMBERING = /^\(\d{1,2}\)$/;

export function readTextTables(text: string): RawTable[] {
  const lines: Line[] = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).map((t, i) => ({ no: i + 1, text: t }));
  const found = [...tsvTables(lines), ...blockTables(lines), ...pipeTables(lines)];
  found.sort((a, b) => a.start - b.start);
  return found.map((f, index) => ({ index, ...(f.title ? { title: f.title } : {}), grid: f.grid, sources: f.sources }));
}

/** Cell text: markup dropped, wrapped lines joined (no space after a line ending in a hyphen or slash), NFC. */
export function cellText(raw: string): string {
  const lines = stripMarkup(raw).split(/\n/).map((l) => l.trim()).filter((l) => l !== '');
  let out = '';
  for (const l of lines) {
    if (out === '') out = l;
    else out += /[^\s][-/]$/.test(out) ? l : ` ${l}`;
  }
  return nfc(out);
}

function cell(raw: string): GridCell {
  return { text: cellText(raw), raw };
}

function stripMarkup(s: string): string {
  return s
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(b|i|u|p|strong|em|span|div|sup|sub|font)(\s[^>]*)?>/gi, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/\*\*|__/g, '')
    .replace(/^\s*#{1,6}\s+/gm, '');
}

function isBlank(l: Line | undefined): boolean {
  return l !== undefined && l.text.trim() === '';
}

/** Lines right above a table (up to three, stopping at a blank line after text), as its title. */
function titleAbove(lines: Line[], startIdx: number): string | undefined {
  const picked: string[] = [];
  let i = startIdx - 1;
  while (i >= 0 && isBlank(lines[i])) i--;
  while (i >= 0 && picked.length < 3 && !isBlank(lines[i]) && !lines[i]!.text.includes('\t') && !SEPARATOR.test(lines[i]!.text)) {
    picked.unshift(lines[i]!.text);
    i--;
  }
  const t = cellText(picked.join('\n'));
  return t === '' ? undefined : t;
}

function pad(grid: GridCell[][]): GridCell[][] {
  const width = Math.max(...grid.map((r) => r.length));
  return grid.map((r) => (r.length < width ? [...r, ...Array.from({ length: width - r.length }, () => cell(''))] : r));
}

// ---------------------------------------------------------------- TSV

function tsvTables(lines: Line[]): Found[] {
  const out: Found[] = [];
  const hasTab = (l: Line | undefined) => l !== undefined && l.text.includes('\t');
  const nextNonBlank = (i: number) => {
    let j = i + 1;
    while (j < lines.length && isBlank(lines[j])) j++;
    return j;
  };
  let i = 0;
  while (i < lines.length) {
    if (!hasTab(lines[i])) { i++; continue; }
    const startIdx = i;
    const rows: Line[] = [];
    let lastTab = i;
    let j = i;
    const headerKeys = (l: Line) => l.text.split('\t').map((c) => headerKey(stripMarkup(c))).join('|');
    const first = headerKeys(lines[i]!);
    while (j < lines.length) {
      const l = lines[j]!;
      // after a gap, a different header (STT, …) starts another table; the same header again is a page's repeat
      const afterGap = j > lastTab + 1;
      if (hasTab(l) && afterGap && STT_WORDS.has(headerKey(stripMarkup(l.text.split('\t')[0]!))) && headerKeys(l) !== first) break;
      if (hasTab(l)) { rows.push(l); lastTab = j; j++; continue; }
      if (isBlank(l)) { j++; continue; }
      // a lone heading line between tab lines (e.g. "III. Nhiệm vụ của các địa phương") belongs to the table
      const k = nextNonBlank(j);
      const prevNonBlankIsTab = lastTab >= 0 && lines.slice(lastTab + 1, j).every(isBlank);
      if (prevNonBlankIsTab && hasTab(lines[k]) && l.text.trim().length <= 200) { rows.push(l); j++; continue; }
      break;
    }
    const grid = pad(rows.map((l) => l.text.split('\t').map(cell)));
    if (grid.length >= 2 && grid[0]!.length >= 2) {
      out.push({ start: lines[startIdx]!.no, title: titleAbove(lines, startIdx), grid, sources: rows.map((l) => ({ row: l.no })) });
    }
    i = lastTab + 1;
  }
  return out;
}

// ---------------------------------------------------------------- one cell per block

interface Block { lines: Line[]; first: number }

function blockTables(lines: Line[]): Found[] {
  if (!lines.some((l) => SEPARATOR.test(l.text))) return [];
  // blocks: the lines between separator lines (an empty block between two separators is an empty cell)
  const blocks: Block[] = [];
  let cur: Line[] = [];
  let sepsSeen = 0;
  for (const l of lines) {
    if (SEPARATOR.test(l.text)) {
      if (sepsSeen > 0 || cur.some((x) => !isBlank(x))) blocks.push({ lines: cur, first: cur.find((x) => !isBlank(x))?.no ?? l.no });
      cur = [];
      sepsSeen++;
    } else cur.push(l);
  }
  const texts = blocks.map((b) => b.lines.map((l) => l.text).join('\n'));
  const out: Found[] = [];
  let b = 0;
  let prevEnd = 0; // blocks before a table that are not part of one: letterheads, signatures
  while (b < blocks.length) {
    const nonBlank = blocks[b]!.lines.filter((l) => !isBlank(l));
    const last = nonBlank[nonBlank.length - 1];
    if (!last || !STT_WORDS.has(headerKey(stripMarkup(last.text)))) { b++; continue; }
    out.push(...letterheads(blocks, texts, prevEnd, b));
    // header: this block's last line, then blocks up to the first row start
    const titleLines = nonBlank.slice(0, -1);
    const header: GridCell[] = [cell(last.text)];
    const headerLine = last.no;
    let k = b + 1;
    while (k < blocks.length && !ROW_START.test(cellText(texts[k]!)) && !NUMBERING.test(cellText(texts[k]!)) && header.length < 30) {
      header.push(cell(texts[k]!));
      k++;
    }
    const width = header.length;
    const grid: GridCell[][] = [header];
    const sources: SourceRef[] = [{ row: headerLine }];
    let row: GridCell[] = [];
    let rowLine = 0;
    for (; k < blocks.length; k++) {
      const t = texts[k]!;
      if (blocks[k]!.lines.length > 80) break; // prose, not a cell
      const c = cell(t);
      const sectionRowEnds = row.length >= 2 && row.length < width && SECTION_CODE.test(row[0]!.text) && ROW_START.test(c.text);
      if (sectionRowEnds) { grid.push(row); sources.push({ row: rowLine }); row = []; }
      if (row.length === 0) rowLine = blocks[k]!.first;
      row.push(c);
      if (row.length === width) { grid.push(row); sources.push({ row: rowLine }); row = []; }
    }
    if (row.length > 0) { grid.push(row); sources.push({ row: rowLine }); }
    if (grid.length >= 2 && width >= 2) {
      const title = titleLines.length > 0 ? cellText(titleLines.map((l) => l.text).join('\n')) : undefined;
      out.push({ start: headerLine, title, grid: pad(grid), sources });
    }
    prevEnd = k;
    b = k;
  }
  out.push(...letterheads(blocks, texts, prevEnd, blocks.length));
  return out;
}

/** Runs of short blocks outside a task table (letterhead, signature): one row each, so they are not lost. */
function letterheads(blocks: Block[], texts: string[], from: number, to: number): Found[] {
  const out: Found[] = [];
  let run: number[] = [];
  const flush = () => {
    if (run.length >= 2) {
      const first = blocks[run[0]!]!.first;
      out.push({ start: first, grid: [run.map((i) => cell(texts[i]!))], sources: [{ row: first }] });
    }
    run = [];
  };
  for (let i = from; i < to; i++) {
    const n = blocks[i]!.lines.filter((l) => !isBlank(l)).length;
    if (n > 0 && n <= 8) run.push(i);
    else flush();
  }
  flush();
  return out;
}

// ---------------------------------------------------------------- markdown pipe tables

function pipeTables(lines: Line[]): Found[] {
  const out: Found[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!PIPE_ROW.test(lines[i]!.text) || SEPARATOR.test(lines[i]!.text)) { i++; continue; }
    const startIdx = i;
    const rows: Line[] = [];
    while (i < lines.length && PIPE_ROW.test(lines[i]!.text) && !SEPARATOR.test(lines[i]!.text)) {
      if (!PIPE_RULE.test(lines[i]!.text)) rows.push(lines[i]!);
      i++;
    }
    const grid = rows.map((l) => l.text.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => cell(c.trim())));
    if (grid.length >= 2 && Math.max(...grid.map((r) => r.length)) >= 2) {
      out.push({ start: lines[startIdx]!.no, title: titleAbove(lines, startIdx), grid: pad(grid), sources: rows.map((l) => ({ row: l.no })) });
    }
  }
  return out;
}
