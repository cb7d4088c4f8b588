/**
 * The title of a scanned table: the text lines right above its ruling (caption, "BÁO CÁO … ngày …", "PHỤ LỤC 01"),
 * found as the born-digital reader finds them (titleAbove in pdf/grid.ts): up to 4 lines, nearest last, none
 * further than ~2.2 line heights from the one below it. The lines are found in the ink's row profile over the
 * table's width, then read by the engine as one block.
 */
import { nfc } from '#shared/domain/vietnamese';
import { despeckle, framed } from './cells';
import type { OcrEngine } from './engine';
import type { PixelGrid } from './grid';
import { crop, type Gray } from './image';
import { encodeGrayPng } from './png';

/** Text lines (y ranges, px) in a band of the page, top to bottom. */
export function textLines(band: Gray, ink: Uint8Array, lineH: number): Array<[number, number]> {
  const { width: w, height: h } = band;
  const rows = new Uint32Array(h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rows[y] += ink[y * w + x];
  const minInk = Math.max(3, Math.round(w * 0.002));
  const spans: Array<[number, number]> = [];
  for (let y = 0; y < h; y++) {
    if (rows[y] < minInk) continue;
    const last = spans[spans.length - 1];
    // tone marks and dots sit a few pixels off their letters: the same line
    if (last && y - last[1] <= Math.max(2, lineH * 0.3)) last[1] = y + 1;
    else spans.push([y, y + 1]);
  }
  // a line is at least a third of a 12 pt line high, and not a rule (ink along most of the band)
  return spans.filter(([a, b]) => b - a >= lineH * 0.3 && b - a <= lineH * 3);
}

export async function readTitle(page: Gray, threshold: number, grid: PixelGrid, engine: OcrEngine, dpi: number): Promise<string | undefined> {
  const lineH = (12 / 72) * dpi;
  const x0 = Math.round(grid.X[0]), x1 = Math.round(grid.X[grid.X.length - 1]);
  const bottom = Math.round(grid.Y[0] - grid.line - 2);
  if (bottom < lineH * 0.5) return undefined;
  const band = crop(page, x0, 0, x1, bottom);
  const ink = new Uint8Array(band.data.length);
  for (let i = 0; i < ink.length; i++) ink[i] = band.data[i] <= threshold ? 1 : 0;
  despeckle(band, ink, Math.max(2, Math.round((dpi / 200) ** 2 * 5)));
  const lines = textLines(band, ink, lineH).reverse();
  const picked: Array<[number, number]> = [];
  let edge = band.height;
  for (const l of lines) {
    if (edge - l[1] > 2.2 * Math.max(lineH * 0.8, l[1] - l[0])) break;
    picked.unshift(l);
    edge = l[0];
    if (picked.length >= 4) break;
  }
  if (!picked.length) return undefined;
  const pad = Math.round(dpi / 20);
  const img = framed(crop(band, 0, Math.max(0, picked[0][0] - 2), band.width, Math.min(band.height, picked[picked.length - 1][1] + 2)), pad);
  const ans = await engine.recognize(encodeGrayPng(img, 1));
  const text = nfc(ans.text.replace(/\s+/g, ' ').trim());
  return text || undefined;
}
