/**
 * One scanned page image → its table: deskew, ruling-line grid, per-cell OCR. The result is the PDF reader's
 * page-table model (column boundaries in PDF points, so pages join as born-digital ones do) plus, per grid row,
 * its lowest cell confidence and its box on the page.
 */
import type { GridCell } from '#shared/extract/model';
import type { PageTable } from '#shared/extract/pdf/grid';
import { readCells } from './cells';
import type { OcrEngine } from './engine';
import { findGrid } from './grid';
import { estimateSkew, inkMask, otsu, quarterTurn, rotate, type Gray } from './image';
import { findOrientation, orientationSample, type QuarterTurns } from './orient';
import { readTitle } from './title';

export interface OcrRowInfo {
  /** lowest confidence (0–100) of the row's cells that hold text */
  confidence: number;
  /** the row's box on the page, PDF points (top-left origin) */
  box: { x0: number; y0: number; x1: number; y1: number };
}

export interface OcrPage {
  page: number;
  /** degrees the image was turned back by */
  skew: number;
  /** quarter turns clockwise applied to make the page upright (a page scanned sideways or upside down) */
  turns: QuarterTurns;
  /** the page as read (deskewed, upright): the rows' boxes are on it */
  image: Gray;
  table?: PageTable;
  /** per grid row of `table` */
  rows: OcrRowInfo[];
}

const round1 = (v: number): number => Math.round(v * 10) / 10;

export interface OcrPageOptions {
  page: number;
  engine: OcrEngine;
  /** image resolution; default 200 */
  dpi?: number;
  /** read the lines above the table as its title (default: on page 1, where a report's title is) */
  title?: boolean;
}

export async function ocrPageImage(image: Gray, opts: OcrPageOptions): Promise<OcrPage> {
  const dpi = opts.dpi ?? 200;
  const pt = 72 / dpi;
  const threshold = otsu(image);
  // ruling lines and text lines stay on the axes whichever way the page is turned: deskew first
  const skew = estimateSkew(inkMask(image, threshold), image.width, image.height);
  let page = rotate(image, -skew);
  let grid = findGrid(inkMask(page, threshold), page.width, page.height);
  // a page with no ruled table (blank, garbage, borderless) is not read at all, so not turned either
  const { turns } = grid ? await findOrientation(orientationSample(page, threshold, grid, dpi), opts.engine) : { turns: 0 as const };
  if (turns) {
    page = quarterTurn(page, turns);
    grid = findGrid(inkMask(page, threshold), page.width, page.height);
  }
  if (!grid) return { page: opts.page, skew, turns, image: page, rows: [] };
  const [reads, title] = await Promise.all([
    readCells(page, threshold, grid, opts.engine, dpi),
    (opts.title ?? opts.page === 1) ? readTitle(page, threshold, grid, opts.engine, dpi) : undefined,
  ]);
  const nr = grid.Y.length - 1, nc = grid.X.length - 1;
  const rows: GridCell[][] = [];
  const info: OcrRowInfo[] = [];
  for (let r = 0; r < nr; r++) {
    const row: GridCell[] = [];
    let conf = 100;
    for (let c = 0; c < nc; c++) {
      const id = grid.owner[r * nc + c];
      const m = grid.cells[id], t = reads[id];
      if (m.r0 === r && m.c0 === c) {
        row.push({ text: t.text, raw: t.raw });
        if (t.how !== 'empty') conf = Math.min(conf, t.confidence);
      } else row.push({ text: t.text, raw: t.raw, covered: true, span: m.r0 === r ? 'col' : m.c0 === c ? 'row' : 'both' });
    }
    if (!row.some((cell) => cell.text !== '')) continue;
    rows.push(row);
    info.push({
      confidence: Math.round(conf),
      box: { x0: round1(grid.X[0] * pt), y0: round1(grid.Y[r] * pt), x1: round1(grid.X[nc] * pt), y1: round1(grid.Y[r + 1] * pt) },
    });
  }
  const table: PageTable = {
    page: opts.page,
    ruling: 'stroked',
    box: { x0: round1(grid.X[0] * pt), y0: round1(grid.Y[0] * pt), x1: round1(grid.X[nc] * pt), y1: round1(grid.Y[nr] * pt) },
    cols: grid.X.map((x) => round1(x * pt)),
    grid: rows,
    used: new Set(),
    ...(title ? { title } : {}),
  };
  return { page: opts.page, skew, turns, image: page, table, rows: info };
}
