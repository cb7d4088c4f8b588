/** A scanned PDF → RawTables: pages read in bounded batches, each page's result kept as JSON, then joined (assembleOcr). */
import type { SourceRef } from '#shared/domain/row';
import type { ExtractLimits, ExtractResult, ExtractWarning, GridCell, RawTable } from '#shared/extract/model';
import { joinPages, type PagePlacement } from '#shared/extract/pdf/pages';
import { understandTables } from '#shared/understand';
import type { OcrEngine } from './engine';
import type { Gray } from './image';
import { ocrPageImage, type OcrRowInfo } from './page';
import { pdfPageImages } from './pdf-images';

/** One page's OCR, as kept between batches (JSON). */
export interface OcrPageResult {
  page: number;
  dpi: number;
  skew: number;
  /** quarter turns clockwise the page needed to be upright (absent: none) */
  turns?: number;
  table?: { box: { x0: number; y0: number; x1: number; y1: number }; cols: number[]; grid: RawTable['grid']; title?: string };
  rows: OcrRowInfo[];
  warnings: ExtractWarning[];
  /** seconds spent on the page */
  seconds: number;
}

export interface OcrPdfOptions {
  engine: OcrEngine;
  limits: Pick<ExtractLimits, 'maxPages' | 'timeoutMs'>;
  /** 1-based, inclusive */
  from?: number;
  to?: number;
  /** pages to leave out (already read in an earlier batch) */
  skip?: (page: number) => boolean;
  /** called as each page is read, with its scan image as read (deskewed, upright: the rows' boxes are on it), to keep */
  onPage?: (result: OcrPageResult, image?: Gray) => Promise<void>;
  /** checked before each page: true stops the batch there (the caller re-queues the rest) */
  shouldStop?: () => boolean;
}

/** OCRs pages `from`..`to` of a scanned PDF; `pages` is the document's page count. */
export async function ocrPdfPages(bytes: Uint8Array, opts: OcrPdfOptions): Promise<{ pages: number; results: OcrPageResult[] }> {
  const results: OcrPageResult[] = [];
  let pages = 0;
  for await (const img of pdfPageImages(bytes, opts.limits, { from: opts.from, to: opts.to, skip: opts.skip, shouldStop: opts.shouldStop })) {
    pages = img.pages;
    if (!img.page) continue; // the page count only (nothing left to read in the range)
    const started = performance.now();
    if (!img.image) {
      const r: OcrPageResult = { page: img.page, dpi: 0, skew: 0, rows: [], seconds: 0, warnings: [{ code: 'ocr_page_no_image', message: `Trang ${img.page} không có ảnh quét đọc được (ảnh hỏng hoặc quá lớn); trang bị bỏ qua. / Page ${img.page} has no readable scan image; skipped.` }] };
      results.push(r);
      await opts.onPage?.(r);
      continue;
    }
    const read = await ocrPageImage(img.image, { page: img.page, engine: opts.engine, dpi: img.dpi || 200 });
    const seconds = (performance.now() - started) / 1000;
    const warnings: ExtractWarning[] = read.table ? [] : [{ code: 'ocr_page_no_table', message: `Trang ${img.page}: không tìm thấy bảng có kẻ ô trên ảnh quét. / Page ${img.page}: no ruled table found on the scan.` }];
    const r: OcrPageResult = {
      page: img.page, dpi: img.dpi, skew: read.skew, ...(read.turns ? { turns: read.turns } : {}), rows: read.rows, warnings, seconds,
      ...(read.table ? { table: { box: read.table.box, cols: read.table.cols, grid: read.table.grid, ...(read.table.title ? { title: read.table.title } : {}) } } : {}),
    };
    results.push(r);
    await opts.onPage?.(r, read.image);
  }
  return { pages, results };
}

/** Page results (any order) → document tables, joined across pages, each row's source carrying its OCR info. */
export function assembleOcr(results: OcrPageResult[]): { tables: RawTable[]; warnings: ExtractWarning[] } {
  const sorted = [...results].sort((a, b) => a.page - b.page);
  const info = new Map<string, OcrRowInfo>();
  const placements: PagePlacement[] = [];
  let first: GridCell[][] | undefined;
  for (const r of sorted) {
    if (!r.table) continue;
    // a header repeated at the top of a continuation page, read a little differently by OCR, is dropped here
    const skip = first ? repeatedHeader(first, r.table.grid) : 0;
    first ??= r.table.grid;
    const grid = r.table.grid.slice(skip);
    r.rows.slice(skip).forEach((row, i) => info.set(`${r.page}:${i + 1}`, row));
    placements.push({
      table: { page: r.page, ruling: 'stroked', box: r.table.box, cols: r.table.cols, grid, used: new Set(), ...(r.table.title ? { title: r.table.title } : {}) },
      firstOnPage: true,
      lastOnPage: true,
    });
  }
  const tables = joinPages(placements);
  for (const t of tables) {
    t.sources = t.sources.map((s): SourceRef => {
      const row = info.get(`${s.page}:${s.row}`);
      return row ? { ...s, ocr: { confidence: row.confidence, box: row.box } } : s;
    });
  }
  return { tables, warnings: sorted.flatMap((r) => r.warnings) };
}

const rowText = (row: GridCell[]): string => row.filter((c) => !c.covered && c.text).map((c) => c.text).join(' ').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Similarity of two strings (1 − edit distance / longer length). */
function similar(a: string, b: string): number {
  if (!a.length && !b.length) return 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return 1 - prev[b.length] / Math.max(a.length, b.length);
}

/** How many top rows of `next` repeat the top rows of the table's first page (up to 4, ≥ 85% alike, not numbered rows). */
function repeatedHeader(firstPage: GridCell[][], next: GridCell[][]): number {
  let k = 0;
  while (k < 4 && k < next.length && k < firstPage.length) {
    const a = rowText(firstPage[k]), b = rowText(next[k]);
    if (!a || !b || /^\d+$/.test(next[k][0]?.text ?? '') && a !== b || similar(a, b) < 0.85) break;
    k++;
  }
  return k;
}

/** Page results → the extraction result the rest of the path takes (understanding included), as extract() gives. */
export function ocrExtractResult(results: OcrPageResult[], pages: number): ExtractResult {
  const { tables, warnings } = assembleOcr(results);
  tables.forEach((t, i) => (t.index = i));
  const understood = understandTables(tables);
  const all = [...warnings, ...understood.warnings];
  if (!understood.tables.some((t) => t.kind === 'tasks')) {
    all.push({ code: 'no_task_table', message: 'Không tìm thấy bảng danh sách nhiệm vụ trên bản quét. / No task-list table found on the scan.' });
  }
  return { format: 'pdf', pages, tables: understood.tables, warnings: all };
}
