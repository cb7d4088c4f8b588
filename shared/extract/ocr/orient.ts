/**
 * Which way up a scanned page is (0, 90, 180 or 270° clockwise), by a trial read: Tesseract's OSD is not in the
 * LSTM-only build, so a sample of the page's text (the ruled cell holding the most ink, or the densest band of a
 * page without ruling) is OCR'd as it stands and, unless that reads confidently, turned each other way; the turn
 * whose read is the most confident wins. A page of upright text costs one small read.
 */
import type { OcrEngine } from './engine';
import type { PixelGrid } from './grid';
import { crop, quarterTurn, inkSpan, type Gray } from './image';
import { encodeGrayPng } from './png';

/** A read this confident, upright, ends the trial. */
const SURE = 80;

/** Quarter turns clockwise that make the page upright (0–3). */
export type QuarterTurns = 0 | 1 | 2 | 3;

/** The ink's bounding box inside a region (rows/columns with fewer than 2 ink pixels ignored), and its ink count. */
function inkIn(page: Gray, threshold: number, x0: number, y0: number, x1: number, y1: number): { box: [number, number, number, number]; count: number } | undefined {
  const w = x1 - x0, h = y1 - y0;
  if (w <= 4 || h <= 4) return undefined;
  const rows = new Uint32Array(h), cols = new Uint32Array(w);
  let count = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (page.data[(y0 + y) * page.width + x0 + x] <= threshold) { rows[y]++; cols[x]++; count++; }
  const t = inkSpan(rows, cols);
  if (!t) return undefined;
  const [a, b, c, d] = t;
  return { box: [x0 + c, y0 + a, x0 + d + 1, y0 + b + 1], count };
}

/** The sample to read: the inside of the ruled cell with the most ink, else the page's inkiest horizontal or vertical band. */
export function orientationSample(page: Gray, threshold: number, grid: PixelGrid | undefined, dpi: number): Gray | undefined {
  const m = grid ? Math.ceil(grid.line / 2) + Math.max(2, Math.round(dpi / 70)) : 0;
  let best: { box: [number, number, number, number]; count: number } | undefined;
  const regions: Array<[number, number, number, number]> = grid
    ? grid.cells.map((c) => [Math.round(c.x0 + m), Math.round(c.y0 + m), Math.round(c.x1 - m), Math.round(c.y1 - m)])
    : [[Math.round(page.width * 0.1), Math.round(page.height * 0.1), Math.round(page.width * 0.9), Math.round(page.height * 0.9)]];
  for (const [x0, y0, x1, y1] of regions) {
    const found = inkIn(page, threshold, x0, y0, x1, y1);
    if (found && (!best || found.count > best.count)) best = found;
  }
  if (!best) return undefined;
  // at most ~8 lines of 12 pt text each way: enough to read, small enough to read four times
  const cap = Math.round((8 * 16 / 72) * dpi);
  const [x0, y0, x1, y1] = best.box;
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  const hw = Math.min((x1 - x0) / 2, cap / 2), hh = Math.min((y1 - y0) / 2, cap / 2);
  const inside = crop(page, cx - hw, cy - hh, cx + hw, cy + hh);
  const pad = Math.round(dpi / 20);
  const out: Gray = { width: inside.width + 2 * pad, height: inside.height + 2 * pad, data: new Uint8Array((inside.width + 2 * pad) * (inside.height + 2 * pad)).fill(255) };
  for (let y = 0; y < inside.height; y++) out.data.set(inside.data.subarray(y * inside.width, (y + 1) * inside.width), (y + pad) * out.width + pad);
  return out;
}

/** How many quarter turns clockwise make the sample's text upright (0 when there is nothing to read). */
export async function findOrientation(sample: Gray | undefined, engine: OcrEngine): Promise<{ turns: QuarterTurns; confidence: number }> {
  if (!sample) return { turns: 0, confidence: 0 };
  const read = async (t: QuarterTurns): Promise<number> => {
    const ans = await engine.recognize(encodeGrayPng(quarterTurn(sample, t), 1));
    // a read that is mostly not letters or digits is no read, whatever its confidence
    const text = ans.text.replace(/\s+/g, '');
    const words = text.length ? (text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) / text.length : 0;
    return ans.confidence * words;
  };
  const upright = await read(0);
  if (upright >= SURE) return { turns: 0, confidence: upright };
  const [r1, r3, r2] = await Promise.all([read(1), read(3), read(2)]);
  const all: Array<[QuarterTurns, number]> = [[0, upright], [1, r1], [3, r3], [2, r2]];
  all.sort((a, b) => b[1] - a[1]);
  return { turns: all[0][0], confidence: all[0][1] };
}
