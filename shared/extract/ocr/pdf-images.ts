/**
 * The scanned page images of a PDF, straight from PDF.js: it decodes each page's embedded image (JPEG, CCITT,
 * JBIG2, JPX, Flate) into `page.objs` while building the operator list; no canvas is involved. The largest image of
 * a page is its scan. Images declaring more than `MAX_IMAGE_PIXELS` are dropped by PDF.js before decoding (image
 * bombs); a page left without an image is reported, not read.
 */
import type { ExtractLimits } from '#shared/extract/model';
import { closePdf, openPdf, type PdfDocument, type Pdfjs, type PdfPage } from '#shared/extract/pdf/items';
import { fromPacked1bpp, toGray, type Gray } from './image';

/** 60 megapixels: an A4 page at 600 dpi is 35. */
export const MAX_IMAGE_PIXELS = 60_000_000;

export interface PageImage {
  page: number;
  /** the scan, or undefined when the page has none that could be decoded */
  image?: Gray;
  /** the image's resolution, from its size on the page */
  dpi: number;
  /** page size in PDF points */
  width: number;
  height: number;
}

interface DecodedImage { width: number; height: number; kind?: number; data?: Uint8Array | Uint8ClampedArray }

const IMAGE_KIND = { GRAYSCALE_1BPP: 1, RGB_24BPP: 2, RGBA_32BPP: 3 } as const;

function objGet(page: PdfPage, id: string, ms: number): Promise<DecodedImage | undefined> {
  const objs = (id.startsWith('g_') ? page.commonObjs : page.objs) as unknown as { get(id: string, cb: (v: unknown) => void): void };
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    try {
      objs.get(id, (v) => { clearTimeout(timer); resolve(v as DecodedImage | undefined); });
    } catch {
      clearTimeout(timer);
      resolve(undefined);
    }
  });
}

function grayOf(img: DecodedImage): Gray | undefined {
  const { width, height, data, kind } = img;
  if (!data || !width || !height) return undefined;
  if (kind === IMAGE_KIND.GRAYSCALE_1BPP) return fromPacked1bpp(width, height, data);
  const channels = kind === IMAGE_KIND.RGBA_32BPP ? 4 : kind === IMAGE_KIND.RGB_24BPP ? 3 : Math.round(data.length / (width * height));
  if (![1, 3, 4].includes(channels) || data.length < width * height * channels) return undefined;
  return toGray(width, height, data, channels);
}

/** A 1-bit image mask painted in the fill colour (PDF.js hands these as packed bits, 1 = paint → ink). */
function maskGray(m: { width: number; height: number; data?: Uint8Array | Uint8ClampedArray }): Gray | undefined {
  if (!m.data || !m.width || !m.height) return undefined;
  const g = fromPacked1bpp(m.width, m.height, m.data);
  for (let i = 0; i < g.data.length; i++) g.data[i] = 255 - g.data[i];
  return g;
}

async function pageImage(pdf: PdfDocument, pdfjs: Pdfjs, n: number, timeoutMs: number): Promise<PageImage> {
  const page = await pdf.getPage(n);
  try {
    const vp = page.getViewport({ scale: 1 });
    const ops = await page.getOperatorList();
    let best: Gray | undefined;
    for (let i = 0; i < ops.fnArray.length; i++) {
      const fn = ops.fnArray[i], args = ops.argsArray[i] as unknown[];
      let g: Gray | undefined;
      if (fn === pdfjs.OPS.paintImageXObject && typeof args[0] === 'string') {
        const img = await objGet(page, args[0], Math.min(timeoutMs, 30_000));
        if (img) g = grayOf(img);
      } else if (fn === pdfjs.OPS.paintInlineImageXObject && args[0]) g = grayOf(args[0] as DecodedImage);
      else if (fn === pdfjs.OPS.paintImageMaskXObject && args[0]) g = maskGray(args[0] as DecodedImage);
      if (g && (!best || g.width * g.height > best.width * best.height)) best = g;
    }
    const long = best ? Math.max(best.width, best.height) : 0;
    const dpi = best ? Math.round((long * 72) / Math.max(vp.width, vp.height)) : 0;
    return { page: n, ...(best ? { image: best } : {}), dpi, width: vp.width, height: vp.height };
  } finally {
    page.cleanup();
  }
}

/**
 * Reads pages `from`..`to` (1-based, inclusive) of a scanned PDF, one at a time, leaving out `skip`ped pages and
 * stopping early when `shouldStop` says so. When nothing in the range is read, one `{ page: 0, pages }` tells the
 * page count.
 */
export async function* pdfPageImages(bytes: Uint8Array, limits: Pick<ExtractLimits, 'maxPages' | 'timeoutMs'>,
  range: { from?: number; to?: number; skip?: (page: number) => boolean; shouldStop?: () => boolean } = {}): AsyncGenerator<PageImage & { pages: number }> {
  const { pdf, pdfjs } = await openPdf(new Uint8Array(bytes), limits, { maxImageSize: MAX_IMAGE_PIXELS });
  try {
    const pages = pdf.numPages;
    const from = Math.max(1, range.from ?? 1), to = Math.min(pages, range.to ?? pages);
    let read = 0;
    for (let n = from; n <= to; n++) {
      if (range.skip?.(n)) continue;
      if (range.shouldStop?.()) break;
      read++;
      let found: PageImage;
      try {
        found = await pageImage(pdf, pdfjs, n, limits.timeoutMs);
      } catch {
        // one unreadable page does not sink the scan: it is reported as a page without image
        found = { page: n, dpi: 0, width: 0, height: 0 };
      }
      yield { ...found, pages };
    }
    if (!read) yield { page: 0, pages, dpi: 0, width: 0, height: 0 };
  } finally {
    await closePdf(pdf);
  }
}
