/**
 * Reading the cells of a pixel grid: each merged cell's inside is cropped (ruling lines and their stubs left out),
 * an empty cell is one without enough ink, a small compact blob of ink is a status mark ("x"), anything else is
 * read by the OCR engine on its own (whole-page OCR drops lone STT numbers and marks in narrow cells).
 */
import { nfc } from '#shared/domain/vietnamese';
import type { OcrEngine } from './engine';
import type { CellBox, PixelGrid } from './grid';
import { crop, inkSpan, type Gray } from './image';
import { encodeGrayPng } from './png';

export interface CellRead {
  text: string;
  raw: string;
  /** 0–100; 100 for an empty cell */
  confidence: number;
  /** how it was read */
  how: 'empty' | 'mark' | 'ocr';
  /** the ink's box on the page image, px */
  box?: { x0: number; y0: number; x1: number; y1: number };
}

const MARK_TEXT = /^[xX×✗✘✓✔vV+*kK]$/;

/** The ink box of a cell image, ignoring rows/columns with a single stray pixel and ruling stubs near the edges. */
function inkBox(ink: Uint8Array, w: number, h: number, edge: number): { x0: number; y0: number; x1: number; y1: number; count: number } | undefined {
  if (w <= 2 || h <= 2) return undefined;
  const rows = new Uint32Array(h), cols = new Uint32Array(w);
  let count = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (ink[y * w + x]) { rows[y]++; cols[x]++; count++; }
  // near the edges, a row or column with ink along most of the cell is a ruling line stub (skew remnant), not text
  for (let y = 0; y < h; y++) if (rows[y] > (y < edge || y >= h - edge ? 0.5 : 0.9) * w) { count -= rows[y]; rows[y] = 0; }
  for (let x = 0; x < w; x++) if (cols[x] > (x < edge || x >= w - edge ? 0.45 : 0.9) * h) { count -= cols[x]; cols[x] = 0; }
  const t = inkSpan(rows, cols);
  if (!t) return undefined;
  const [a, b, c, d] = t;
  return { x0: c, y0: a, x1: d + 1, y1: b + 1, count };
}

/** Removes specks (8-connected ink components of at most `maxArea` pixels) from a cell image and its ink mask. */
export function despeckle(g: Gray, ink: Uint8Array, maxArea: number): void {
  const { width: w, height: h } = g;
  const seen = new Uint8Array(w * h);
  const stack: number[] = [];
  const comp: number[] = [];
  for (let i = 0; i < ink.length; i++) {
    if (!ink[i] || seen[i]) continue;
    stack.length = 0; comp.length = 0;
    stack.push(i); seen[i] = 1;
    while (stack.length) {
      const j = stack.pop()!;
      if (comp.length <= maxArea) comp.push(j);
      const x = j % w, y = (j - x) / w;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const X = x + dx, Y = y + dy;
        if (X < 0 || Y < 0 || X >= w || Y >= h) continue;
        const k = Y * w + X;
        if (ink[k] && !seen[k]) { seen[k] = 1; stack.push(k); }
      }
    }
    if (comp.length <= maxArea) for (const j of comp) { ink[j] = 0; g.data[j] = 255; }
  }
}

export function framed(g: Gray, pad: number): Gray {
  const w = g.width + 2 * pad, h = g.height + 2 * pad;
  const data = new Uint8Array(w * h).fill(255);
  for (let y = 0; y < g.height; y++) data.set(g.data.subarray(y * g.width, (y + 1) * g.width), (y + pad) * w + pad);
  return { width: w, height: h, data };
}

/** Twice the size, each pixel doubled. */
function upscale2(g: Gray): Gray {
  const w = g.width * 2, h = g.height * 2;
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = g.data[(y >> 1) * g.width + (x >> 1)];
  return { width: w, height: h, data };
}

const fold = (s: string): string => nfc(s.replace(/\s+/g, ' ').trim());

/**
 * Reads every merged cell of the grid. `textHeight` is the page's typical x-height-to-cap line height in px (marks
 * are blobs no taller than ~1.6 of it). Cells are read concurrently through the engine's pool.
 */
export async function readCells(page: Gray, threshold: number, grid: PixelGrid, engine: OcrEngine, dpi = 200): Promise<CellRead[]> {
  const m = Math.ceil(grid.line / 2) + Math.max(2, Math.round(dpi / 70));
  const lineH = (12 / 72) * dpi; // a 12–13 pt line
  // specks: at most ~1/3 of a full stop's area (a 12 pt "." is ~0.5 mm across)
  const speck = Math.max(2, Math.round((dpi / 200) ** 2 * 5));
  return Promise.all(grid.cells.map(async (cell: CellBox): Promise<CellRead> => {
    const x0 = Math.round(cell.x0 + m), y0 = Math.round(cell.y0 + m);
    const inside = crop(page, x0, y0, Math.round(cell.x1 - m), Math.round(cell.y1 - m));
    const ink = new Uint8Array(inside.data.length);
    for (let i = 0; i < ink.length; i++) ink[i] = inside.data[i] <= threshold ? 1 : 0;
    despeckle(inside, ink, speck);
    const box = inkBox(ink, inside.width, inside.height, Math.max(4, grid.line + 3));
    if (!box || box.count < Math.max(12, dpi / 12)) return { text: '', raw: '', confidence: 100, how: 'empty' };
    const bw = box.x1 - box.x0, bh = box.y1 - box.y0;
    const compact = bh <= 1.6 * lineH && bw <= 1.8 * lineH && bw >= 0.4 * bh;
    const pad = Math.round(dpi / 20);
    // the ink on white paper with a margin (never the neighbouring ruling)
    const img = framed(crop(inside, box.x0, box.y0, box.x1, box.y1), pad);
    let ans = await engine.recognize(encodeGrayPng(img, 1));
    if (compact && !MARK_TEXT.test(fold(ans.text)) && !/^\d{1,3}\.?$/.test(fold(ans.text))) {
      // a lone glyph (an STT number, a mark) misread: Tesseract reads small isolated glyphs better larger
      const again = await engine.recognize(encodeGrayPng(upscale2(img), 1));
      if (MARK_TEXT.test(fold(again.text)) || /^\d{1,3}\.?$/.test(fold(again.text))) ans = again;
    }
    const raw = ans.text.trim();
    const text = fold(raw);
    const where = { x0: x0 + box.x0, y0: y0 + box.y0, x1: x0 + box.x1, y1: y0 + box.y1 };
    if (compact && (MARK_TEXT.test(text) || (!/[\p{N}]/u.test(text) && text.length <= 2))) {
      return { text: 'x', raw, confidence: MARK_TEXT.test(text) ? Math.max(ans.confidence, 90) : 75, how: 'mark', box: where };
    }
    return { text, raw, confidence: ans.confidence, how: 'ocr', box: where };
  }));
}
