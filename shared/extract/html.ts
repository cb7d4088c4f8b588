/**
 * HTML tables → RawTables. Used for email bodies and, through mammoth's HTML, for DOCX.
 *
 * - colspan/rowspan are expanded into a rectangular grid; covered positions repeat the master's text and carry
 *   `covered` and `span`.
 * - Lines inside a cell (<p>, <br>, <div>, <li>) are kept in `raw` (joined by "\n") and joined into `text` with a
 *   space (no space after a line ending in "-" or "/").
 * - A table's title is the short paragraph(s) right above it.
 * - Layout tables (a table that holds another table) are not data: their inner tables are read instead.
 */
import { Parser } from 'htmlparser2';
import { nfc } from '#shared/domain/vietnamese';
import type { GridCell, RawTable } from './model';
import type { SourceRef } from '#shared/domain/row';

export interface HtmlCell {
  lines: string[];
  colspan: number;
  rowspan: number;
}

export interface HtmlTable {
  title?: string;
  rows: HtmlCell[][];
}

const BLOCK = new Set(['p', 'div', 'br', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'ul', 'ol', 'blockquote', 'pre', 'section', 'article', 'caption', 'hr']);
const SKIP = new Set(['script', 'style', 'head', 'title', 'noscript', 'template']);

/** Joins wrapped lines of one cell: a space between lines, none after a line ending in "-" or "/". */
export function joinLines(lines: string[]): string {
  let out = '';
  for (const raw of lines) {
    const line = nfc(raw);
    if (!line) continue;
    if (!out) out = line;
    else if (/[-/]$/.test(out)) out += line;
    else out += ' ' + line;
  }
  return out;
}

/** A GridCell from the lines of a cell. */
export function cellOf(lines: string[]): GridCell {
  const kept = lines.map((l) => l.replace(/[ \t\u00A0]+/g, ' ').trim()).filter((l) => l !== '');
  return { text: joinLines(kept), raw: kept.join('\n') };
}

interface CellCtx { lines: string[]; current: string; colspan: number; rowspan: number }
interface TableCtx { rows: HtmlCell[][]; row: HtmlCell[] | null; cell: CellCtx | null; title?: string; id: number; parent?: number }

function spanAttr(v: string | undefined): number {
  const n = Number.parseInt(v ?? '1', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, 1000) : 1;
}

const INSTRUCTIONS = /^(hướng dẫn|huong dan|lưu ý|luu y|ghi chú cách điền|cách điền|cach dien)\b.{0,40}:?$/i;
const BULLET = /^([-–•+*]|\d{1,2}[.)])\s/;

/**
 * A form's instructions right above its table ("Hướng dẫn:" then bullet lines, as in our own template) are not its
 * title: they are cut off, so the title is the caption and heading above them.
 */
function withoutInstructions(blocks: string[]): string[] {
  let i = blocks.length - 1;
  while (i >= 0 && (!nfc(blocks[i]!) || BULLET.test(nfc(blocks[i]!)))) i--;
  return i >= 0 && i < blocks.length - 1 && INSTRUCTIONS.test(nfc(blocks[i]!)) ? blocks.slice(0, i) : blocks;
}

/** Titles: the last short paragraphs (≤ 3, each ≤ 300 chars) right above the table. */
function titleFrom(all: string[]): string | undefined {
  const blocks = withoutInstructions(all);
  const picked: string[] = [];
  for (let i = blocks.length - 1; i >= 0 && picked.length < 3; i--) {
    const b = nfc(blocks[i]!);
    if (!b) continue;
    if (b.length > 300) break;
    picked.unshift(b);
  }
  // a caption ("PHỤ LỤC 01", "Biểu 02", "Bảng …") starts the title: drop body text above it
  const caption = picked.findIndex((b) => /^(phụ lục|phu luc|biểu|bieu|bảng|bang|danh mục|danh muc|mẫu|mau)\b/i.test(b));
  if (caption > 0) picked.splice(0, caption);
  return picked.length ? picked.join(' ') : undefined;
}

/** Parses every data table of an HTML document (cells as lines, spans kept, not yet expanded). */
export function parseHtmlTables(html: string): { tables: HtmlTable[]; text: string } {
  const found: Array<HtmlTable & { id: number; parent?: number }> = [];
  const dropped = new Set<number>();
  let nextId = 0;
  const stack: TableCtx[] = [];
  let blocks: string[] = [''];
  let skipDepth = 0;
  const allText: string[] = [];

  const top = () => stack[stack.length - 1];
  const breakLine = () => {
    allText.push('\n');
    const t = top();
    if (t?.cell) {
      t.cell.lines.push(t.cell.current);
      t.cell.current = '';
    } else if (!t) {
      if (blocks[blocks.length - 1] !== '') blocks.push('');
    }
  };

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (SKIP.has(name)) {
          skipDepth++;
          return;
        }
        if (skipDepth) return;
        const t = top();
        if (name === 'table') {
          let title: string | undefined;
          if (t?.cell) {
            t.cell.lines.push(t.cell.current);
            t.cell.current = '';
            title = titleFrom(t.cell.lines);
          } else if (!t) {
            title = titleFrom(blocks);
            blocks = [''];
          }
          stack.push({ rows: [], row: null, cell: null, title, id: nextId++, parent: t?.id });
          allText.push('\n');
          return;
        }
        if (!t) {
          if (BLOCK.has(name)) breakLine();
          return;
        }
        if (name === 'tr') {
          t.row = [];
          t.rows.push(t.row);
        } else if (name === 'td' || name === 'th') {
          if (!t.row) {
            t.row = [];
            t.rows.push(t.row);
          }
          t.cell = { lines: [], current: '', colspan: spanAttr(attrs.colspan), rowspan: spanAttr(attrs.rowspan) };
        } else if (BLOCK.has(name)) {
          breakLine();
        }
      },
      ontext(text) {
        if (skipDepth) return;
        const t = top();
        allText.push(text);
        if (t?.cell) t.cell.current += text;
        else if (!t) blocks[blocks.length - 1] += text;
      },
      onclosetag(name) {
        if (SKIP.has(name)) {
          skipDepth = Math.max(0, skipDepth - 1);
          return;
        }
        if (skipDepth) return;
        const t = top();
        if (!t) {
          if (BLOCK.has(name)) breakLine();
          return;
        }
        if (name === 'table') {
          stack.pop();
          const rows = t.rows.filter((r) => r.length > 0);
          allText.push('\n');
          if (rows.length === 0) return;
          const outer = top();
          if (outer?.cell) {
            // the nested table's text also belongs to the outer cell (kept if the outer table is data, not layout)
            for (const r of rows) outer.cell.lines.push(r.map((c) => c.lines.join(' ')).join(' | '));
          }
          // A layout table (one row, or one column) only frames other tables: keep those instead.
          const children = found.filter((f) => f.parent === t.id);
          const layout = rows.length === 1 || rows.every((r) => r.length <= 1);
          if (children.length && layout) {
            dropped.add(t.id);
            return;
          }
          for (const ch of children) dropped.add(ch.id);
          found.push({ title: t.title, rows, id: t.id, parent: t.parent });
          return;
        }
        if ((name === 'td' || name === 'th') && t.cell && t.row) {
          t.cell.lines.push(t.cell.current);
          t.row.push({ lines: t.cell.lines, colspan: t.cell.colspan, rowspan: t.cell.rowspan });
          t.cell = null;
          allText.push('\t');
        } else if (name === 'tr') {
          t.row = null;
          allText.push('\n');
        } else if (BLOCK.has(name) && name !== 'tr') {
          breakLine();
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  const tables = found.filter((f) => !dropped.has(f.id)).map(({ title, rows }) => ({ ...(title ? { title } : {}), rows }));
  return { tables, text: allText.join('') };
}

/** Expands colspan/rowspan into a rectangular grid of GridCells. */
export function expandSpans(rows: HtmlCell[][]): GridCell[][] {
  const grid: (GridCell | undefined)[][] = [];
  const ensureRow = (r: number) => {
    while (grid.length <= r) grid.push([]);
    return grid[r]!;
  };
  rows.forEach((cells, r) => {
    const out = ensureRow(r);
    let c = 0;
    for (const cell of cells) {
      while (out[c] !== undefined) c++;
      const master = cellOf(cell.lines);
      const rowspan = Math.min(cell.rowspan, rows.length - r);
      for (let dr = 0; dr < rowspan; dr++) {
        const target = ensureRow(r + dr);
        for (let dc = 0; dc < cell.colspan; dc++) {
          if (dr === 0 && dc === 0) {
            target[c] = master;
            continue;
          }
          if (target[c + dc] !== undefined) continue;
          target[c + dc] = { ...master, covered: true, span: dr === 0 ? 'col' : dc === 0 ? 'row' : 'both' };
        }
      }
      c += cell.colspan;
    }
  });
  const width = Math.max(0, ...grid.map((r) => r.length));
  return grid.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? { text: '', raw: '' }));
}

/** HtmlTables → RawTables (row numbers are 1-based table rows). */
export function rawTablesFromHtml(tables: HtmlTable[], firstIndex = 0): RawTable[] {
  return tables.map((t, i) => {
    const grid = expandSpans(t.rows);
    const sources: SourceRef[] = grid.map((_, r) => ({ row: r + 1 }));
    return { index: firstIndex + i, ...(t.title ? { title: t.title } : {}), grid, sources };
  });
}

/** Every data table of an HTML document (email body, mammoth output) as RawTables. */
export function readHtmlTables(html: string): RawTable[] {
  return rawTablesFromHtml(parseHtmlTables(html).tables);
}
