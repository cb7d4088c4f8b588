/**
 * A focused reader for one layout the general text readers cannot read: the text of a PDF table copied out line
 * by line, each column's wrapped lines following the previous column's (seed 004, QĐ 142/QĐ-VPCP). No tabs, no
 * positions; a row starts with its number and the first line of its content ("12 Đôn đốc các bộ, ngành xây").
 *
 * Per row, in order: the content paragraph (wide lines); then the narrow columns — lead (chunks of very short lines),
 * coordinating agencies, deadline (starts with Tháng/Quý/Năm/Trong/Thường/Theo lộ…; ends once it holds a year, a
 * number or "xuyên" at the end of a chunk), product (the rest). A wide chunk after the narrow ones is the content
 * continuing past a page break. Two narrow columns printed on one line ("Bộ Công an Theo lộ") are split at the
 * deadline word. What this cannot tell apart is corrected by hand (see corrections/), reviewed and pinned by a test.
 *
 * Output: one RawTable (header + rows), so the rows go through understand/ like any other table.
 */
import type { GridCell, RawTable } from '#shared/extract/model';
import type { SourceRef } from '#shared/domain/row';
import { cellText } from '#shared/extract/text';

interface Line { no: number; text: string }

const HEADER = ['STT', 'Tên nhiệm vụ', 'Đơn vị chủ trì', 'Cơ quan, đơn vị phối hợp', 'Thời gian hoàn thành', 'Sản phẩm dự kiến'];
const ROW_START = /^(\d{1,3})\s+(\p{Lu}.*)$/u;
const DEADLINE_WORD = /(?:^|\s)(Tháng|Quý|Năm|Trong|Thường|Theo lộ|Từ|Hoàn thành|Trước)(?=\s|$)/u;
/** the longest line a narrow column (lead, coordination, deadline, product) prints. */
const NARROW = 20;
/** the longest line the lead column prints. */
const LEAD_WIDTH = 6;

/** true when the text looks like this layout: numbered rows 1, 2, 3 … each followed by wrapped narrow columns. */
export function looksLikeWrappedColumns(text: string): boolean {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  if (lines.some((l) => l.includes('\t'))) return false;
  let expect = 1;
  for (const l of lines) {
    const m = l.match(ROW_START);
    if (m && Number(m[1]) === expect) expect++;
  }
  return expect > 5 && /\bTT\b.*nhiệm vụ/iu.test(text);
}

export function readWrappedColumns(text: string): RawTable[] {
  const lines: Line[] = text.split(/\r\n|\r|\n/).map((t, i) => ({ no: i + 1, text: t.trim() }));
  // row starts: numbers in sequence from 1
  const starts: number[] = [];
  let expect = 1;
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i]!.text.match(ROW_START);
    if (m && Number(m[1]) === expect) { starts.push(i); expect++; }
  }
  if (starts.length === 0) return [];
  const headerLine = lines.slice(0, starts[0]).findLast((l) => /^TT\b/u.test(l.text))?.no ?? lines[starts[0]!]!.no;
  const grid: GridCell[][] = [HEADER.map((h) => ({ text: h, raw: h }))];
  const sources: SourceRef[] = [{ row: headerLine }];
  for (let s = 0; s < starts.length; s++) {
    const from = starts[s]!;
    const to = s + 1 < starts.length ? starts[s + 1]! : endOfTable(lines, from);
    const row = readRow(lines.slice(from, to));
    grid.push(row.cells);
    sources.push({ row: lines[from]!.no });
  }
  return [{ index: 0, title: 'KẾ HOẠCH', grid, sources }];
}

/** the last row ends at the end of the text or at a signature/"Nơi nhận" block. */
function endOfTable(lines: Line[], from: number): number {
  for (let i = from + 1; i < lines.length; i++) if (/^(Nơi nhận|KT\.|BỘ TRƯỞNG|TM\.)/u.test(lines[i]!.text)) return i;
  return lines.length;
}

function chunksOf(lines: Line[]): Line[][] {
  const out: Line[][] = [];
  let cur: Line[] = [];
  for (const l of lines) {
    if (l.text === '') { if (cur.length) out.push(cur); cur = []; } else cur.push(l);
  }
  if (cur.length) out.push(cur);
  return out;
}

const width = (c: Line[]) => Math.max(...c.map((l) => l.text.length));
const join = (ls: string[]) => cellText(ls.join('\n'));
const cell = (ls: string[]): GridCell => ({ text: join(ls), raw: ls.join('\n') });

function readRow(rowLines: Line[]): { cells: GridCell[] } {
  const [first, ...restChunks] = chunksOf(rowLines);
  const m = first![0]!.text.match(ROW_START)!;
  const content = [m[2]!, ...first!.slice(1).map((l) => l.text)];
  // wide chunks after the first are content continued past a page break; the rest are the narrow columns
  const narrow: Line[][] = [];
  for (const c of restChunks) (width(c) > NARROW ? content.push(...c.map((l) => l.text)) : narrow.push(c));
  // lead: the leading chunks whose lines are all very short
  const lead: string[] = [];
  let k = 0;
  while (k < narrow.length && width(narrow[k]!) <= LEAD_WIDTH && !DEADLINE_WORD.test(narrow[k]![0]!.text)) lead.push(...narrow[k++]!.map((l) => l.text));
  // then coordination until a deadline word; the deadline until it is complete at a chunk's end; then the product
  const coord: string[] = [];
  const deadline: string[] = [];
  const product: string[] = [];
  let state: 'coord' | 'deadline' | 'product' = 'coord';
  for (; k < narrow.length; k++) {
    for (const l of narrow[k]!) {
      if (state === 'coord') {
        const d = l.text.match(DEADLINE_WORD);
        if (d) {
          const at = d.index! + (d[0].startsWith(' ') ? 1 : 0);
          if (at > 0) coord.push(l.text.slice(0, at).trim());
          deadline.push(l.text.slice(at));
          state = 'deadline';
        } else coord.push(l.text);
      } else if (state === 'deadline') deadline.push(l.text);
      else product.push(l.text);
    }
    if (state === 'deadline' && deadlineComplete(join(deadline))) state = 'product';
  }
  return { cells: [cell([m[1]!]), cell(content), cell(lead), cell(coord), cell(deadline), cell(product)] };
}

function deadlineComplete(s: string): boolean {
  return /(\d{4}|\d+|xuyên)$/u.test(s.replace(/[.\s]+$/, ''));
}
