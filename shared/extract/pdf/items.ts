/**
 * PDF.js (via unpdf) access: opening a document with typed errors, and the positioned text of a page.
 *
 * Every coordinate handed to the rest of pdf/ is in *viewport space at scale 1*: origin top-left, y growing
 * downwards, page rotation applied — text items and ruling lines alike, so they can be compared directly.
 */
import type { getResolvedPDFJS } from 'unpdf';
import { ExtractError, type ExtractLimits } from '#shared/extract/model';

/** PDF.js 5 calls ArrayBuffer.prototype.transferToFixedLength (Node ≥ 21); Node 20 lacks it. The one polyfill. */
export function polyfillPdfjs(): void {
  const proto = ArrayBuffer.prototype as ArrayBuffer & { transferToFixedLength?: unknown };
  if (typeof proto.transferToFixedLength === 'function') return;
  Object.defineProperty(ArrayBuffer.prototype, 'transferToFixedLength', {
    configurable: true,
    writable: true,
    value: function transferToFixedLength(this: ArrayBuffer, length?: number): ArrayBuffer {
      const n = length ?? this.byteLength;
      const out = new ArrayBuffer(n);
      new Uint8Array(out).set(new Uint8Array(this, 0, Math.min(n, this.byteLength)));
      return out;
    },
  });
}
polyfillPdfjs();

export type Pdfjs = Awaited<ReturnType<typeof getResolvedPDFJS>>;
export type PdfDocument = Awaited<ReturnType<Pdfjs['getDocument']>['promise']>;
export type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;
/** An affine matrix [a, b, c, d, e, f] as PDF uses them. */
export type Matrix = [number, number, number, number, number, number];

/** One run of text as PDF.js reports it, placed in viewport space. */
export interface TextItem {
  str: string;
  /** left and right edge */
  x0: number;
  x1: number;
  /** baseline, and the top/bottom of the glyph box (top = baseline − 0.8·size, bottom = baseline + 0.2·size) */
  base: number;
  top: number;
  bottom: number;
  /** font size in points */
  size: number;
  font: string;
}

export interface PageText {
  page: number;
  width: number;
  height: number;
  items: TextItem[];
  /** font family names PDF.js saw on the page (used to spot legacy TCVN3/VNI fonts). */
  fonts: string[];
  /** PDF user space → the page's reading frame (the viewport, turned `turned` quarter turns for sideways text) */
  transform: Matrix;
  turned: number;
}

export const apply = (m: Matrix, x: number, y: number): [number, number] => [
  m[0] * x + m[2] * y + m[4],
  m[1] * x + m[3] * y + m[5],
];

export const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];

/** Races `p` against a timer; on expiry calls `onTimeout` and rejects with ExtractError 'timeout'. */
export async function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => void = () => {}): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new ExtractError('timeout', `PDF did not open within ${ms} ms`, { ms }));
    }, ms);
  });
  try {
    return await Promise.race([p, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Opens a PDF. Throws ExtractError: 'encrypted' (password), 'corrupt' (unparseable), 'timeout',
 * 'too_many_pages' (checked right after loading, before any page is read — the document is destroyed first).
 */
export async function openPdf(bytes: Uint8Array, limits: Pick<ExtractLimits, 'maxPages' | 'timeoutMs'>,
  opts: { /** images over this many pixels are dropped before decoding (OCR: image bombs) */ maxImageSize?: number } = {}): Promise<{ pdf: PdfDocument; pdfjs: Pdfjs }> {
  polyfillPdfjs();
  const pdfjs = await (await import('unpdf')).getResolvedPDFJS(); // loaded when a PDF comes (cold start)
  // PDF.js may detach the buffer it is given: hand it a copy so the caller's bytes (the kept original) stay intact.
  const task = pdfjs.getDocument({
    data: bytes.slice(),
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
    ...(opts.maxImageSize ? { maxImageSize: opts.maxImageSize } : {}),
  });
  let pdf: PdfDocument;
  try {
    pdf = await withTimeout(task.promise, limits.timeoutMs, () => void task.destroy());
  } catch (err) {
    if (err instanceof ExtractError) throw err;
    void task.destroy();
    const name = (err as { name?: string }).name;
    if (name === 'PasswordException') {
      throw new ExtractError('encrypted', 'The PDF is password-protected');
    }
    throw new ExtractError('corrupt', `The PDF cannot be read (${name ?? 'error'})`);
  }
  if (pdf.numPages > limits.maxPages) {
    const pages = pdf.numPages;
    await closePdf(pdf);
    throw new ExtractError(
      'too_many_pages',
      `The PDF has ${pages} pages, more than the limit of ${limits.maxPages}`,
      { pages, maxPages: limits.maxPages },
    );
  }
  return { pdf, pdfjs };
}

/** Frees PDF.js resources of a document (PDFDocumentProxy has no destroy() of its own in this build: its loading task does). */
export async function closePdf(pdf: PdfDocument): Promise<void> {
  const doc = pdf as PdfDocument & { destroy?: () => Promise<void> };
  if (typeof doc.destroy === 'function') await doc.destroy();
  else await pdf.loadingTask.destroy();
}

/** The page's viewport transform (PDF user space → top-left origin, rotation applied) and size. */
export function pageViewport(page: PdfPage): { transform: Matrix; width: number; height: number } {
  const vp = page.getViewport({ scale: 1 });
  return { transform: vp.transform as Matrix, width: vp.width, height: vp.height };
}

interface RawTextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  fontName: string;
}

/** Rotates viewport space by a quarter turn count `q` (clockwise as seen) about the page, sizes swapping. */
function turn(q: number, width: number, height: number): { m: Matrix; width: number; height: number } {
  switch (((q % 4) + 4) % 4) {
    case 1: return { m: [0, 1, -1, 0, height, 0], width: height, height: width }; // (x, y) → (H − y, x)
    case 2: return { m: [-1, 0, 0, -1, width, height], width, height };
    case 3: return { m: [0, -1, 1, 0, 0, width], width: height, height: width }; // (x, y) → (y, W − x)
    default: return { m: [1, 0, 0, 1, 0, 0], width, height };
  }
}

/**
 * The quarter turns that make most of the page's text upright: a landscape table drawn sideways on a portrait page
 * (no /Rotate) reads as if the page were turned. By character count; 0 when most text is already horizontal.
 */
function uprightTurn(vt: Matrix, items: RawTextItem[]): number {
  const chars = [0, 0, 0, 0];
  for (const it of items) {
    if (typeof it.str !== 'string') continue;
    const m = multiply(vt, it.transform as Matrix);
    const n = it.str.trim().length;
    if (!n) continue;
    const [dx, dy] = [m[0], m[1]];
    const len = Math.hypot(dx, dy);
    if (len === 0) continue;
    if (Math.abs(dy) <= 0.1 * len) chars[dx > 0 ? 0 : 2] += n;
    else if (Math.abs(dx) <= 0.1 * len) chars[dy < 0 ? 1 : 3] += n; // text running up the page: turn once
  }
  const best = chars.indexOf(Math.max(...chars));
  return chars[best] > chars[0] ? best : 0;
}

/**
 * The positioned text of one page, and the frame it is placed in (the viewport, turned so that most of the text is
 * upright: rules must be read in the same `transform`). Whitespace-only runs are dropped, text at other angles
 * than the page's reading direction is skipped.
 */
export async function readPageText(page: PdfPage, pageNumber: number): Promise<PageText> {
  const vp = pageViewport(page);
  // PDF.js's own normalisation applies NFKC to a set of characters, turning TCVN3's "µ" (= "à") into Greek "μ" and
  // so breaking legacy-font conversion; keep the characters as read and expand only ligatures (ﬁ → fi) here.
  const content = await page.getTextContent({ disableNormalization: true });
  const raws = content.items as unknown as RawTextItem[];
  const q = uprightTurn(vp.transform, raws);
  const t0 = turn(q, vp.width, vp.height);
  const vt = multiply(t0.m, vp.transform);
  const { width, height } = t0;
  const items: TextItem[] = [];
  const fonts = new Set<string>();
  for (const it of raws) {
    if (typeof it.str !== 'string' || it.str.trim() === '') continue;
    const t = it.transform as Matrix;
    const m = multiply(vt, t);
    // direction of the text's x axis and its size in viewport space
    const dirLen = Math.hypot(m[0], m[1]);
    const size = Math.hypot(m[2], m[3]) || it.height || 1;
    if (dirLen === 0 || Math.abs(m[1]) > 0.1 * dirLen || m[0] < 0) continue; // not left-to-right horizontal
    const [x, base] = apply(vt, t[4], t[5]);
    // it.width is in user space along the text direction; scale it into the viewport
    const scale = Math.hypot(vt[0] * t[0] + vt[2] * t[1], vt[1] * t[0] + vt[3] * t[1]) / (Math.hypot(t[0], t[1]) || 1);
    const w = it.width * scale;
    const style = (content.styles as Record<string, { fontFamily?: string }>)[it.fontName];
    if (style?.fontFamily) fonts.add(style.fontFamily);
    const str = it.str.replace(/[\uFB00-\uFB06]/g, (ch) => ch.normalize('NFKC'));
    items.push({ str, x0: x, x1: x + w, base, top: base - 0.8 * size, bottom: base + 0.2 * size, size, font: it.fontName });
  }
  return { page: pageNumber, width, height, items, fonts: [...fonts], transform: vt, turned: q };
}
