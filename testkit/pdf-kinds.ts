/**
 * PDFs as other people's software writes them, one per kind the reader must handle (issue #14), drawn with pdfkit
 * at test time (nothing committed, nothing read from outside the repo), each with the grid it must read:
 *
 * - nfd:        Vietnamese stored decomposed (NFD), every combining mark its own run (another font) drawn over its letter;
 * - rotate90, rotate270: a landscape Phụ lục page stored portrait with /Rotate 90 or 270 (content drawn turned),
 *               after a portrait page;
 * - rotated-text, rotated-text-down: the same table drawn sideways on a portrait page without /Rotate (text at ±90°);
 * - frame-h:    one outer frame with inner horizontal rules only; frame-v: outer frame + inner vertical rules only;
 * - frame:      one outer frame, no inner rules at all;
 * - stacked:    three ruled tables on one page, two titled above, one by a paragraph inside its ruling above the header;
 * - borderless: no ruling, a three-word header cell, wrapped row labels; -tight (narrow columns, wrapped header
 *               cells, a sparse note column), -centred (values centred in their columns) and -spaced (each line one
 *               text run, columns padded with spaces, as a text report printed to PDF);
 * - mixed:      a portrait report whose table runs over two landscape /Rotate 90 pages (the page join);
 * - *-filled:   stacked, rotate90, frame-h, frame-v with rules as thin filled rectangles (Word); frame-h-filled has
 *               one long cell ("Bảo hiểm xã hội Việt Nam") running past the rest of its column;
 * - one row a line, as the outside PDFs print them (#14, bench:extract --outside): stats-lines (three dated rows
 *               under one unit, right-aligned headers wider than their numbers), legend-notes (a two-half legend
 *               with notes under it as wide as the table), frame-lines (a frame with vertical rules only, numbers
 *               one row a line), above-below (rules above/under the header and at the bottom only), open-header
 *               (a grid whose header row has no inner vertical rule), halves (a frame ruled only between two
 *               halves of two columns, numbers one row a line), stacked-above-below (two above-below tables of one
 *               width on a page, a caption and prose between them), two-columns-above-below (one such table of
 *               two columns, values missing on some lines: one table).
 *
 * Used by tests/extract/pdf-kinds.test.ts and `npm run bench:extract` (per-kind table). Needs a TTF with
 * Vietnamese glyphs (tests/fixtures/pdf/generate.ts's unicodeFont()).
 */
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';

const FONTS = [process.env.PDF_FIXTURE_FONT, '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans.ttf'];
export const kindsFont = (): string | undefined => FONTS.find((p): p is string => Boolean(p) && existsSync(p!));

export type Ruling = 'grid' | 'frame' | 'frame-h' | 'frame-v' | 'none';

export interface KindTable {
  title?: string;
  /** a paragraph drawn inside the table's ruling, above the header (it is the title, not a cell) */
  paragraph?: string;
  header: string[];
  rows: string[][];
  widths: number[];
  /** columns whose text is centred in the cell */
  centred?: number[];
}

export interface KindFixture {
  name: string;
  bytes: Uint8Array;
  pages: number;
  /** the tables the reader must give, in order: header row then body rows, cell texts (NFC) */
  tables: Array<{ title?: string; grid: string[][] }>;
}

const SIZE = 9;
const LEAD = 11.5;
const PAD = 4;

const CONTENTS = [
  'Xây dựng phương án đáp ứng yêu cầu của Nghị quyết số 175/NQ-CP về Trung tâm dữ liệu quốc gia',
  'Rà soát, bổ sung các điều kiện bảo đảm an ninh, an toàn hệ thống thông tin',
  'Tiếp tục triển khai tích hợp thông tin Sổ bảo hiểm xã hội trên ứng dụng VNeID',
  'Kết nối, chia sẻ dữ liệu kết quả khám sức khỏe điện tử để cấp đổi giấy phép lái xe',
  'Đánh giá hiệu quả, đáp ứng yêu cầu kỹ thuật của dịch vụ công trực tuyến',
  'Hoàn thiện Cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức',
  'Chỉ đạo chi trả trợ cấp không dùng tiền mặt trong chính sách an sinh xã hội',
  'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính theo Nghị định số 45/2020/NĐ-CP',
];
const LEADS = ['Bộ Công an', 'Bộ Nội vụ', 'Bảo hiểm xã hội Việt Nam', 'Văn phòng Chính phủ', 'Bộ Y tế'];
const STATES = ['Hoàn thành', 'Chưa hoàn thành', 'Đang thực hiện', 'Thực hiện thường xuyên'];
const DEADLINES = ['Tháng 12/2024', 'Quý IV/2024', '30/6/2025', 'Năm 2025'];

/** A task table of `n` rows: STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Thời hạn | Kết quả thực hiện. */
export function taskTable(n: number, offset = 0, title?: string): KindTable {
  const rows = Array.from({ length: n }, (_, i) => {
    const k = i + offset;
    return [String(i + 1), CONTENTS[k % CONTENTS.length]!, LEADS[k % LEADS.length]!, DEADLINES[k % DEADLINES.length]!, STATES[k % STATES.length]!];
  });
  return { title, header: ['STT', 'Nội dung nhiệm vụ', 'Đơn vị chủ trì', 'Thời hạn', 'Kết quả thực hiện'], rows, widths: [32, 300, 130, 80, 110] };
}

type Doc = PDFKit.PDFDocument;

/** Greedy wrap at spaces to `width`. */
function wrap(doc: Doc, text: string, width: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const w of text.split(' ').filter(Boolean)) {
    const cand = cur ? `${cur} ${w}` : w;
    if (!cur || doc.widthOfString(cand) <= width) cur = cand;
    else { out.push(cur); cur = w; }
  }
  if (cur) out.push(cur);
  return out;
}

interface DrawOptions {
  ruling: Ruling;
  /** rules as thin filled rectangles (MS Word's PDF export) instead of stroked lines */
  filled?: boolean;
  nfd?: boolean;
  /** page break: rows below `bottom` go on a new page (`newPage` gives the y to go on at); the header is repeated */
  bottom?: number;
  newPage?: () => number;
}

const MARK_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';
function markFont(doc: Doc): void {
  const size = (doc as unknown as { _fontSize: number })._fontSize;
  if (existsSync(MARK_FONT)) doc.font(MARK_FONT).fontSize(size);
}
function bodyFont(doc: Doc): void {
  const size = (doc as unknown as { _fontSize: number })._fontSize;
  doc.font(kindsFont() ? 'body' : 'Helvetica').fontSize(size);
}

/** One line of text at (x, y); with `nfd`, decomposed, each combining mark its own text run at its letter's origin. */
function line(doc: Doc, s: string, x: number, y: number, nfd: boolean | undefined): void {
  if (!nfd) { doc.text(s, x, y, { lineBreak: false }); return; }
  const d = s.normalize('NFD');
  let run = '';
  let cx = x;
  let letterX = x;
  const flush = (): void => {
    if (!run) return;
    doc.text(run, cx, y, { lineBreak: false });
    // a mark is positioned over its letter (as mark-to-base positioning places it), not at the pen
    const w = doc.widthOfString(run.slice(-1));
    letterX = cx + doc.widthOfString(run.slice(0, -1)) + 0.3 * w;
    cx += doc.widthOfString(run);
    run = '';
  };
  for (const ch of d) {
    // the mark from another font (as a fallback font gives it): its own text item, with an advance of its own
    if (/\p{M}/u.test(ch)) { flush(); markFont(doc); doc.text(ch, letterX, y, { lineBreak: false }); bodyFont(doc); }
    else run += ch;
  }
  flush();
}

/** Draws a table with its top-left at (x, y); returns the y below it. */
function drawTable(doc: Doc, t: KindTable, x: number, y: number, o: DrawOptions): number {
  const xs = [x];
  for (const w of t.widths) xs.push(xs[xs.length - 1]! + w);
  const right = xs[xs.length - 1]!;
  const top = y;
  const rule = (x0: number, y0: number, x1: number, y1: number): void => {
    if (!o.filled) { doc.moveTo(x0, y0).lineTo(x1, y1).lineWidth(0.5).stroke(); return; }
    if (y0 === y1) doc.rect(x0 - 0.25, y0 - 0.25, x1 - x0 + 0.5, 0.5).fill('black');
    else doc.rect(x0 - 0.25, y0 - 0.25, 0.5, y1 - y0 + 0.5).fill('black');
  };
  if (t.paragraph) {
    const lines = wrap(doc, t.paragraph, right - x - 2 * PAD);
    lines.forEach((l, k) => line(doc, l, x + PAD, y + PAD + k * LEAD, o.nfd));
    y += lines.length * LEAD + 2 * PAD;
    if (o.ruling === 'grid') rule(x, y, right, y);
  }
  let rowTops: number[] = [];
  let top0 = top;
  const close = (): void => {
    if (o.ruling === 'none') return;
    if (o.filled) { rule(x, top0, right, top0); rule(x, y, right, y); rule(x, top0, x, y); rule(right, top0, right, y); }
    else doc.rect(x, top0, right - x, y - top0).lineWidth(0.5).stroke();
    if (o.ruling === 'grid' || o.ruling === 'frame-v') for (const cx of xs.slice(1, -1)) rule(cx, rowTops[0]!, cx, y);
  };
  for (const [r, cells] of [t.header, ...t.rows].entries()) {
    const height = (cs: string[]): number => Math.max(...cs.map((c, i) => wrap(doc, c, t.widths[i]! - 2 * PAD).length)) * LEAD + 2 * PAD;
    if (o.bottom && o.newPage && r > 0 && y + height(cells) > o.bottom) {
      close();
      y = top0 = o.newPage();
      rowTops = [y];
      const hh = height(t.header);
      t.header.forEach((c, i) => wrap(doc, c, t.widths[i]! - 2 * PAD).forEach((l, k) => line(doc, l, xs[i]! + PAD, y + PAD + k * LEAD, o.nfd)));
      y += hh;
      if (o.ruling === 'grid' || o.ruling === 'frame-h') rule(x, y, right, y);
    }
    const wrapped = cells.map((c, i) => wrap(doc, c, t.widths[i]! - 2 * PAD));
    const h = Math.max(...wrapped.map((w) => w.length)) * LEAD + 2 * PAD;
    rowTops.push(y);
    const at = (i: number, l: string): number => xs[i]! + PAD + (t.centred?.includes(i) ? Math.max(0, (t.widths[i]! - 2 * PAD - doc.widthOfString(l)) / 2) : 0);
    wrapped.forEach((ls, i) => ls.forEach((l, k) => line(doc, l, at(i, l), y + PAD + k * LEAD, o.nfd)));
    y += h;
    const last = r === t.rows.length;
    if (!last && (o.ruling === 'grid' || o.ruling === 'frame-h')) rule(x, y, right, y);
  }
  close();
  return y;
}

async function render(build: (doc: Doc) => number): Promise<{ bytes: Uint8Array; pages: number }> {
  const font = kindsFont();
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, info: { CreationDate: new Date(0) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((res) => doc.on('end', () => res()));
  if (font) doc.registerFont('body', font);
  const pages = build(doc);
  doc.end();
  await done;
  return { bytes: new Uint8Array(Buffer.concat(chunks)), pages };
}

const setFont = (doc: Doc, size = SIZE): Doc => doc.font(kindsFont() ? 'body' : 'Helvetica').fontSize(size);

/** A landscape page drawn in its own upright coordinates (842 × 595): `how` says how it is stored. */
type Landscape = 'plain' | 'rotate90' | 'rotate270' | 'rotated-text' | 'rotated-text-down';
function landscapePage(doc: Doc, how: Landscape, draw: () => void): void {
  beginLandscape(doc, how);
  draw();
  if (how !== 'plain') doc.restore();
}

function beginLandscape(doc: Doc, how: Landscape): void {
  if (how === 'plain') { doc.addPage({ size: 'A4', layout: 'landscape', margin: 0 }); setFont(doc); return; }
  doc.addPage({ size: 'A4', layout: 'portrait', margin: 0 });
  setFont(doc);
  const dict = (doc.page as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data;
  if (how === 'rotate90') dict.Rotate = 90;
  if (how === 'rotate270') dict.Rotate = 270;
  doc.save();
  // page (portrait, 595 × 842, y down) ← upright landscape coordinates: turned a quarter either way
  if (how === 'rotate90' || how === 'rotated-text') doc.transform(0, -1, 1, 0, 0, 842); // px = vy, py = 842 − vx
  else doc.transform(0, 1, -1, 0, 595, 0); // px = 595 − vy, py = vx
}

const gridOf = (t: KindTable): string[][] => [t.header, ...t.rows].map((r) => r.map((c) => c.normalize('NFC')));

function titled(doc: Doc, title: string, x: number, y: number, nfd?: boolean): number {
  setFont(doc, 11);
  line(doc, title, x, y, nfd);
  setFont(doc);
  return y + 22;
}

/** Every kind, drawn. */
export async function pdfKinds(): Promise<KindFixture[]> {
  const out: KindFixture[] = [];
  const add = async (name: string, tables: KindTable[], build: (doc: Doc) => number): Promise<void> => {
    const { bytes, pages } = await render(build);
    out.push({ name, bytes, pages, tables: tables.map((t) => ({ title: t.title ?? t.paragraph, grid: gridOf(t) })) });
  };

  const nfd = taskTable(8, 0, 'PHỤ LỤC 01. KẾT QUẢ THỰC HIỆN NHIỆM VỤ ĐỀ ÁN 06');
  await add('nfd', [nfd], (doc) => {
    landscapePage(doc, 'plain', () => { const y = titled(doc, nfd.title!, 40, 40, true); drawTable(doc, nfd, 40, y, { ruling: 'grid', nfd: true }); });
    return 1;
  });

  for (const how of ['rotate90', 'rotate270', 'rotated-text', 'rotated-text-down'] as const) {
    const t = taskTable(7, 1, 'PHỤ LỤC 02. DANH MỤC NHIỆM VỤ');
    await add(how, [t], (doc) => {
      doc.addPage({ size: 'A4', layout: 'portrait', margin: 0 });
      setFont(doc, 11);
      doc.text('BÁO CÁO KẾT QUẢ TRIỂN KHAI ĐỀ ÁN 06 SÁU THÁNG ĐẦU NĂM 2024', 60, 60, { lineBreak: false });
      doc.text('Thực hiện Kế hoạch của Tổ công tác, Bộ báo cáo kết quả như phụ lục kèm theo.', 60, 90, { lineBreak: false });
      landscapePage(doc, how, () => { const y = titled(doc, t.title!, 40, 40); drawTable(doc, t, 40, y, { ruling: 'grid' }); });
      return 2;
    });
  }

  // a portrait report whose Phụ lục table runs over two landscape (/Rotate 90) pages, then a portrait page again
  const long = taskTable(22, 0, 'PHỤ LỤC 01. DANH MỤC NHIỆM VỤ');
  await add('mixed', [long], (doc) => {
    doc.addPage({ size: 'A4', layout: 'portrait', margin: 0 });
    setFont(doc, 11);
    doc.text('BÁO CÁO KẾT QUẢ TRIỂN KHAI ĐỀ ÁN 06', 60, 60, { lineBreak: false });
    let pages = 1;
    beginLandscape(doc, 'rotate90');
    pages++;
    const y = titled(doc, long.title!, 40, 40);
    drawTable(doc, long, 40, y, {
      ruling: 'grid', bottom: 560,
      newPage: () => { doc.restore(); beginLandscape(doc, 'rotate90'); pages++; return 40; },
    });
    doc.restore();
    doc.addPage({ size: 'A4', layout: 'portrait', margin: 0 });
    setFont(doc, 11);
    doc.text('Nơi nhận: - Tổ công tác triển khai Đề án 06; - Lưu: VT.', 60, 60, { lineBreak: false });
    return pages + 1;
  });

  for (const ruling of ['frame-h', 'frame-v', 'frame'] as const) {
    const t = taskTable(6, 2, 'PHỤ LỤC 03. TIẾN ĐỘ THỰC HIỆN');
    await add(ruling, [t], (doc) => {
      landscapePage(doc, 'plain', () => { const y = titled(doc, t.title!, 40, 40); drawTable(doc, t, 40, y, { ruling }); });
      return 1;
    });
  }

  const a = taskTable(4, 3, 'Bảng 1. Nhiệm vụ đã hoàn thành');
  const b = taskTable(3, 5, 'Bảng 2. Nhiệm vụ đang thực hiện');
  const c = { ...taskTable(3, 4), paragraph: 'Bảng 3. Nhiệm vụ giao bổ sung theo Thông báo số 12/TB-TCT' };
  for (const filled of [false, true]) {
    await add(filled ? 'stacked-filled' : 'stacked', [a, b, c], (doc) => {
      landscapePage(doc, 'plain', () => {
        let y = titled(doc, a.title!, 40, 30);
        y = drawTable(doc, a, 40, y, { ruling: 'grid', filled }) + 20;
        y = titled(doc, b.title!, 40, y);
        y = drawTable(doc, b, 40, y, { ruling: 'grid', filled }) + 20;
        drawTable(doc, c, 40, y, { ruling: 'grid', filled });
      });
      return 1;
    });
  }
  const wt = taskTable(7, 2, 'PHỤ LỤC 02. DANH MỤC NHIỆM VỤ');
  await add('rotate90-filled', [wt], (doc) => {
    doc.addPage({ size: 'A4', layout: 'portrait', margin: 0 });
    setFont(doc, 11);
    doc.text('BÁO CÁO KẾT QUẢ TRIỂN KHAI ĐỀ ÁN 06', 60, 60, { lineBreak: false });
    landscapePage(doc, 'rotate90', () => { const y = titled(doc, wt.title!, 40, 40); drawTable(doc, wt, 40, y, { ruling: 'grid', filled: true }); });
    return 2;
  });
  for (const ruling of ['frame-h', 'frame-v'] as const) {
    const t = taskTable(6, 3, 'PHỤ LỤC 03. TIẾN ĐỘ THỰC HIỆN');
    await add(`${ruling}-filled`, [t], (doc) => {
      landscapePage(doc, 'plain', () => { const y = titled(doc, t.title!, 40, 40); drawTable(doc, t, 40, y, { ruling, filled: true }); });
      return 1;
    });
  }

  const bl: KindTable = {
    title: 'PHỤ LỤC 04. NHIỆM VỤ CHƯA HOÀN THÀNH',
    header: ['STT', 'Nội dung nhiệm vụ', 'Cơ quan chủ trì thực hiện', 'Thời hạn', 'Kết quả thực hiện'],
    rows: taskTable(6, 0).rows,
    widths: [32, 260, 140, 80, 110],
  };
  await add('borderless', [bl], (doc) => {
    landscapePage(doc, 'plain', () => { const y = titled(doc, bl.title!, 40, 40); drawTable(doc, bl, 40, y, { ruling: 'none' }); });
    return 1;
  });
  // tighter borderless: narrow columns, header cells wrapping onto two lines, a sparse note column
  const tight: KindTable = {
    title: 'PHỤ LỤC 05. KẾT QUẢ THỰC HIỆN',
    header: ['TT', 'Nhiệm vụ được giao', 'Cơ quan chủ trì', 'Thời hạn hoàn thành', 'Kết quả', 'Ghi chú'],
    rows: taskTable(6, 1).rows.map((r, i) => [...r, i === 2 ? 'Chậm tiến độ' : '']),
    widths: [24, 230, 90, 70, 100, 80],
  };
  const centred: KindTable = { ...tight, title: 'PHỤ LỤC 06. TIẾN ĐỘ (CĂN GIỮA)', centred: [0, 2, 3, 4, 5], widths: [28, 250, 120, 110, 110, 80] };
  await add('borderless-centred', [centred], (doc) => {
    landscapePage(doc, 'plain', () => { const y = titled(doc, centred.title!, 40, 40); drawTable(doc, centred, 40, y, { ruling: 'none' }); });
    return 1;
  });
  // a text report printed to PDF: each line one text run, columns padded with spaces
  const mono: KindTable = {
    title: 'PHU LUC 07. DANH SACH NHIEM VU',
    header: ['STT', 'Nội dung nhiệm vụ', 'Đơn vị chủ trì', 'Thời hạn', 'Kết quả'],
    rows: taskTable(5, 2).rows.map((r) => [r[0]!, r[1]!.split(' ').slice(0, 6).join(' '), r[2]!, r[3]!, r[4]!]),
    widths: [5, 42, 26, 15, 22],
  };
  await add('borderless-spaced', [mono], (doc) => {
    landscapePage(doc, 'plain', () => {
      const y = titled(doc, mono.title!, 40, 40);
      const starts = [0];
      for (const w of mono.widths) starts.push(starts[starts.length - 1]! + w * 5.2);
      [mono.header, ...mono.rows].forEach((r, k) => {
        // one run per line: spaces up to each column's start (as a text report printed to PDF)
        let text = '';
        r.forEach((c, i) => {
          while (text && doc.widthOfString(text) < starts[i]!) text += ' ';
          text += c;
        });
        doc.text(text, 40, y + k * 16, { lineBreak: false });
      });
    });
    return 1;
  });
  await add('borderless-tight', [tight], (doc) => {
    landscapePage(doc, 'plain', () => { const y = titled(doc, tight.title!, 40, 40); drawTable(doc, tight, 40, y, { ruling: 'none' }); });
    return 1;
  });
  await lineKinds(async (name, tables, build) => {
    const { bytes, pages } = await render(build);
    out.push({ name, bytes, pages, tables });
  });
  return out;
}

/**
 * A table printed one row a line at line pitch, as statistics reports and report generators print them (the
 * failures measured on outside PDFs, #14): `right` columns right-aligned, header included (so a header word wider
 * than the numbers under it reaches into the gap before its column); `gapAfter` rows followed by a blank half
 * line; `rules`: none, a frame with vertical rules between all columns, rules above and under the header and
 * at the bottom only (a journal's table), a full grid whose header row has no inner vertical rule (open-header,
 * as TextEdit draws it), or a frame with one vertical rule between two halves of two columns each (halves). `notes`: paragraph lines a line below the table, as wide as the table.
 */
interface LineTable { header?: string[]; rows: string[][]; widths: number[]; right: number[]; gapAfter?: number[]; rules: 'none' | 'frame-v' | 'above-below' | 'open-header' | 'halves'; notes?: string[] }

function drawLines(doc: Doc, t: LineTable, x: number, y: number): number {
  const xs = [x];
  for (const w of t.widths) xs.push(xs[xs.length - 1]! + w);
  const right = xs[xs.length - 1]!;
  const top = y;
  const hr = (yy: number): void => { doc.moveTo(x, yy).lineTo(right, yy).lineWidth(0.5).stroke(); };
  const put = (cells: string[]): void => {
    cells.forEach((c, i) => {
      if (!c) return;
      const at = t.right.includes(i) ? xs[i + 1]! - PAD - doc.widthOfString(c) : xs[i]! + PAD;
      doc.text(c, at, y, { lineBreak: false });
    });
  };
  if (t.rules !== 'none') y += PAD;
  if (t.header) {
    put(t.header);
    y += LEAD;
    if (t.rules === 'above-below') { hr(y); y += PAD; }
  }
  let bodyTop = y;
  if (t.rules === 'open-header') { y += PAD; hr(y); bodyTop = y; }
  t.rows.forEach((r, k) => {
    if (t.rules === 'open-header') y += PAD;
    put(r);
    y += LEAD + (t.gapAfter?.includes(k) ? LEAD / 2 : 0);
    if (t.rules === 'open-header' && k < t.rows.length - 1) { y += PAD; hr(y); }
  });
  if (t.rules !== 'none') y += PAD;
  if (t.rules === 'open-header') {
    doc.rect(x, top, right - x, y - top).lineWidth(0.5).stroke();
    for (const cx of xs.slice(1, -1)) doc.moveTo(cx, bodyTop).lineTo(cx, y).lineWidth(0.5).stroke();
  }
  if (t.rules === 'halves') {
    doc.rect(x, top, right - x, y - top).lineWidth(0.5).stroke();
    const mid = xs[Math.floor(t.widths.length / 2)]!;
    doc.moveTo(mid, top).lineTo(mid, y).lineWidth(0.5).stroke();
  }
  if (t.rules === 'above-below') { hr(top); hr(y); }
  if (t.rules === 'frame-v') {
    doc.rect(x, top, right - x, y - top).lineWidth(0.5).stroke();
    for (const cx of xs.slice(1, -1)) doc.moveTo(cx, top).lineTo(cx, y).lineWidth(0.5).stroke();
  }
  y += LEAD;
  for (const n of t.notes ?? []) { doc.text(n, x, y, { lineBreak: false }); y += LEAD; }
  return y;
}

/** The line-printed kinds (drawLines): statistics under one label, a legend with notes, a framed amount table, a journal table. */
async function lineKinds(add: (name: string, tables: Array<{ title: string; grid: string[][] }>, build: (doc: Doc) => number) => Promise<void>): Promise<void> {
  const one = async (name: string, title: string, t: LineTable): Promise<void> => {
    const grid = [...(t.header ? [t.header] : []), ...t.rows].map((r) => r.map((c) => c.normalize('NFC')));
    await add(name, [{ title, grid }], (doc) => {
      landscapePage(doc, 'plain', () => { const y = titled(doc, title, 40, 40); drawLines(doc, t, 40, y); });
      return 1;
    });
  };
  // three dated rows a unit, the unit printed on the first only; right-aligned headers wider than their numbers
  const units = ['Hà Nội', 'Thừa Thiên Huế', 'Cần Thơ'];
  const periods = ['Quý I/2024', 'Quý II/2024', 'Quý III/2024'];
  const rows = units.flatMap((u, i) => periods.map((p, j) => {
    const a = 1200 + 137 * i + 41 * j;
    const b = 90 + 13 * i + 7 * j;
    const f = (n: number) => n.toLocaleString('de-DE');
    return [j === 0 ? u : '', String(28 + i), p, f(a), String(b), f(a + b)];
  }));
  await one('stats-lines', 'PHỤ LỤC 09. SỐ LIỆU CẤP TÀI KHOẢN ĐỊNH DANH ĐIỆN TỬ', {
    header: ['Đơn vị', 'Số điểm cấp', 'Kỳ báo cáo', 'Tài khoản đã cấp', 'Đang xử lý', 'Tổng số hồ sơ'],
    rows, widths: [95, 50, 90, 62, 66, 80], right: [1, 3, 4, 5], gapAfter: [2, 5], rules: 'none',
  });
  // a legend in two halves, and notes a line below it as wide as the table
  await one('legend-notes', 'PHỤ LỤC 10. CHỮ VIẾT TẮT', {
    rows: [
      ['BCA', '=', 'Bộ Công an', 'BTC', '=', 'Bộ Tài chính'],
      ['BNV', '=', 'Bộ Nội vụ', 'BYT', '=', 'Bộ Y tế'],
      ['BHXH', '=', 'Bảo hiểm xã hội Việt Nam', 'NHNN', '=', 'Ngân hàng Nhà nước Việt Nam'],
      ['BTTTT', '=', 'Bộ Thông tin và Truyền thông', 'UBND', '=', 'Ủy ban nhân dân'],
      ['VPCP', '=', 'Văn phòng Chính phủ', 'TCT', '=', 'Tổ công tác triển khai Đề án 06'],
    ],
    widths: [40, 14, 170, 40, 14, 170], right: [], rules: 'none',
    notes: [
      'Ghi chú: các chữ viết tắt dùng trong các phụ lục kèm theo báo cáo này, theo danh mục tên cơ quan của Văn phòng Chính phủ năm 2024.',
      'Số liệu tính đến hết ngày 30/9/2024 theo báo cáo của các bộ, ngành, địa phương gửi Tổ công tác.',
    ],
  });
  // a frame with vertical rules between the columns and no rule between rows
  await one('frame-lines', 'PHỤ LỤC 11. LỆ PHÍ THEO SỐ LƯỢNG HỒ SƠ', {
    header: ['Loại hồ sơ', 'Số hồ sơ', 'Lệ phí (đồng)', 'Số hồ sơ', 'Lệ phí (đồng)'],
    rows: [1, 2, 3, 4, 5, 6].map((k) => [k === 1 ? 'Cấp mới' : k === 4 ? 'Cấp đổi, cấp lại' : '', String(k * 10), (k * 36_360).toLocaleString('de-DE'), String(k * 100), (k * 363_600).toLocaleString('de-DE')]),
    widths: [90, 60, 80, 60, 80], right: [1, 2, 3, 4], rules: 'frame-v',
  });
  // a full grid whose header row has no inner vertical rule
  await one('open-header', 'Bảng 5. Tiến độ theo đơn vị', {
    header: ['Đơn vị', 'Chỉ tiêu', 'Kết quả'],
    rows: [['Bộ Công an', '120', '118'], ['Bộ Y tế', '45', ''], ['Bộ Tư pháp', '', '37']],
    widths: [110, 70, 70], right: [], rules: 'open-header',
  });
  // a frame ruled only between two halves, each half two columns, numbers one row a line
  await one('halves', 'PHỤ LỤC 12. LỆ PHÍ CẤP THẺ THEO SỐ LƯỢNG', {
    header: ['Số thẻ', 'Lệ phí (đồng)', 'Số thẻ', 'Lệ phí (đồng)'],
    rows: [1, 2, 3, 4, 5].map((k) => [String(k * 10), (k * 36_360).toLocaleString('de-DE'), String(k * 1000), (k * 3_636_000).toLocaleString('de-DE')]),
    widths: [60, 80, 60, 90], right: [1, 3], rules: 'halves',
  });
  // two such tables of the same width stacked on a page, a caption and prose between them (their rules chain by extent)
  const q1: LineTable = { header: ['', 'Quý I', 'Quý II', 'Quý III'], rows: [['Hồ sơ tiếp nhận', '12.451', '13.902', '15.117'], ['Hồ sơ quá hạn', '63', '48', '37']], widths: [120, 60, 60, 60], right: [1, 2, 3], rules: 'above-below' };
  const q2: LineTable = { header: ['', 'Năm 2023', 'Năm 2024', 'Tăng'], rows: [['Tài khoản định danh', '41.200', '58.900', '17.700'], ['Dịch vụ công trực tuyến', '1.730', '2.010', '280'], ['Hồ sơ điện tử', '903', '1.250', '347']], widths: [120, 60, 60, 60], right: [1, 2, 3], rules: 'above-below' };
  const gridOfLines = (t: LineTable) => [t.header!, ...t.rows].map((r) => r.map((c) => c.normalize('NFC')));
  await add('stacked-above-below', [{ title: 'Bảng 6. Hồ sơ theo quý', grid: gridOfLines(q1) }, { title: 'Bảng 7. So sánh hai năm', grid: gridOfLines(q2) }], (doc) => {
    landscapePage(doc, 'plain', () => {
      let y = titled(doc, 'Bảng 6. Hồ sơ theo quý', 40, 40);
      y = drawLines(doc, q1, 40, y) + 6;
      doc.text('Số liệu quý IV được tổng hợp trong báo cáo năm.', 40, y, { lineBreak: false });
      doc.text('Bảng dưới đây so sánh kết quả hai năm liền kề.', 40, y + LEAD, { lineBreak: false });
      y = titled(doc, 'Bảng 7. So sánh hai năm', 40, y + 3 * LEAD);
      drawLines(doc, q2, 40, y);
    });
    return 1;
  });
  // a two-column table with the same rules (its body has two pieces a line at most: not prose between tables)
  await one('two-columns-above-below', 'Bảng 8. Hồ sơ theo ngày', {
    header: ['Ngày', 'Số hồ sơ'],
    rows: [['01/10/2024', '1.210'], ['02/10/2024', ''], ['03/10/2024', '980'], ['04/10/2024', ''], ['07/10/2024', '1.405'], ['08/10/2024', '1.122']],
    widths: [90, 70], right: [1], rules: 'above-below',
  });
  // rules above and under the header and at the bottom only, rows at line pitch
  await one('above-below', 'Bảng 4. Hồ sơ tiếp nhận qua Cổng dịch vụ công theo quý', {
    header: ['', 'Quý I', 'Quý II', 'Quý III', 'Quý IV'],
    rows: [['Hồ sơ tiếp nhận', '12.451', '13.902', '15.117', '16.830'], ['Hồ sơ đã giải quyết', '11.988', '13.004', '14.721', '16.112'], ['Hồ sơ quá hạn', '63', '48', '37', '29']],
    widths: [120, 60, 60, 60, 60], right: [1, 2, 3, 4], rules: 'above-below',
  });
}

/** How well a read table set matches a fixture: rows found (≥ half their cells exact), exact cells, titles, and
 * all rows read (`extracted`: a paragraph read as a row, or a table read twice, shows there). */
export function scoreKind(fx: KindFixture, got: Array<{ grid: Array<Array<{ text: string; covered?: boolean }>>; title?: string }>): { rows: number; found: number; cells: number; exact: number; titles: number; titlesRight: number; extracted: number } {
  const s = { rows: 0, found: 0, cells: 0, exact: 0, titles: 0, titlesRight: 0, extracted: got.reduce((n, t) => n + t.grid.length, 0) };
  const used = new Set<unknown>();
  for (const want of fx.tables) {
    // the read table sharing the most exact cells with this one
    let best: (typeof got)[number] | undefined;
    let bestN = -1;
    for (const t of got) {
      if (used.has(t)) continue;
      const n = want.grid.reduce((k, row) => k + Math.max(0, ...t.grid.map((r) => row.filter((c, i) => r[i]?.text === c).length)), 0);
      if (n > bestN) { bestN = n; best = t; }
    }
    if (best) used.add(best);
    if (want.title) { s.titles++; if (best?.title?.includes(want.title)) s.titlesRight++; }
    const rows = best?.grid ?? [];
    let from = 0;
    for (const row of want.grid) {
      s.rows++;
      s.cells += row.length;
      // rows in order: the best of the remaining read rows
      let k = -1;
      let n = 0;
      for (let j = from; j < rows.length; j++) {
        const m = row.filter((c, i) => !rows[j]![i]?.covered && rows[j]![i]?.text === c).length;
        if (m > n) { n = m; k = j; }
      }
      if (k >= 0 && rows[k]!.length === row.length) s.exact += n;
      else if (k >= 0) s.exact += Math.min(n, row.length - Math.abs(rows[k]!.length - row.length));
      if (n * 2 >= row.length) { s.found++; from = k + 1; }
    }
  }
  return s;
}
