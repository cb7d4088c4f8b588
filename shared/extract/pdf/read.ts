/** A born-digital PDF → RawTables: page by page (named steps, a damaged page skipped), then tables joined across pages. */
import { ExtractError, type ExtractLimits, type ExtractWarning, type RawTable } from '#shared/extract/model';
import { clusteredTables } from './cluster';
import { nfc } from '#shared/domain/vietnamese';
import { ruledTables, titleAbove, type PageTable } from './grid';
import { closePdf, openPdf, readPageText, withTimeout, type PageText, type PdfDocument, type Pdfjs, type TextItem } from './items';
import { joinPages, type PagePlacement } from './pages';
import { mergeRules, readRules } from './rules';

interface PageRead { text: PageText; tables: PageTable[]; /** text not taken by any table */ rest: TextItem[] }

/** The steps of reading a page, as named in an 'internal' error. */
export type PdfStep = 'page' | 'text' | 'operators' | 'ruling' | 'grid' | 'cluster' | 'join';
/** Steps that are PDF.js reading the file: a failure there is a damaged page (skipped), not a bug of ours. */
const FILE_STEPS: ReadonlySet<PdfStep> = new Set(['page', 'text', 'operators']);

/** A failure inside one step of the reader (not an ExtractError). */
export class PdfStepError extends Error {
  constructor(readonly step: PdfStep, readonly page: number, override readonly cause: unknown) {
    super(`PDF reader step '${step}' failed on page ${page}: ${(cause as Error)?.name ?? 'Error'}`);
  }
}

async function step<T>(name: PdfStep, page: number, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ExtractError || err instanceof PdfStepError) throw err;
    throw new PdfStepError(name, page, err);
  }
}

/** An exception in one of our own steps: an 'internal' error naming the step and page (never 'no_text'). */
export function internalError(e: PdfStepError): ExtractError {
  const name = (e.cause as Error)?.name ?? 'Error';
  return new ExtractError(
    'internal',
    `The PDF reader failed at step '${e.step}' on page ${e.page} (${name}); the file is kept for inspection`,
    { step: e.step, page: e.page, error: name },
  );
}

async function readPage(pdf: PdfDocument, pdfjs: Pdfjs, n: number): Promise<PageRead> {
  const page = await step('page', n, () => pdf.getPage(n));
  try {
    const text = await step('text', n, () => readPageText(page, n));
    if (text.items.length === 0) return { text, tables: [], rest: [] }; // no text, no table: skip the (image-heavy) operator list
    const ops = await step('operators', n, () => page.getOperatorList());
    const rules = await step('ruling', n, () => mergeRules(readRules(ops, pdfjs.OPS, text.transform)));
    const ruled = await step('grid', n, () => ruledTables(n, text.items, rules));
    const taken = new Set(ruled.flatMap((t) => [...t.used]));
    const clustered = await step('cluster', n, () => clusteredTables(n, text.items.filter((it) => !taken.has(it))));
    for (const t of clustered) for (const it of t.used) taken.add(it);
    const tables = [...ruled, ...clustered].sort((a, b) => a.box.y0 - b.box.y0);
    return { text, tables, rest: text.items.filter((it) => !taken.has(it)) };
  } finally {
    page.cleanup();
  }
}

/** "Trang 3", "3/12", "- 3 -": a page number. */
const PAGE_NUMBER = /^[\s\-–]*(trang|page)?\s*\d{1,4}(\s*(\/|of|trên)\s*\d{1,4})?[\s\-–]*$/i;
const furnitureKey = (s: string): string => nfc(s).replace(/\d+/g, '#');

/**
 * Page furniture: page numbers, and running headers/footers — a text outside the tables repeated (digits aside)
 * on at least half of the pages (two at least). Neither blocks a table from continuing over a page break, nor
 * is it a title.
 */
function furniture(reads: PageRead[]): (it: TextItem) => boolean {
  const seen = new Map<string, number>();
  for (const r of reads) for (const key of new Set(r.rest.map((it) => furnitureKey(it.str)))) seen.set(key, (seen.get(key) ?? 0) + 1);
  const min = Math.max(2, Math.ceil(reads.length / 2));
  return (it) => PAGE_NUMBER.test(it.str) || (reads.length > 1 && (seen.get(furnitureKey(it.str)) ?? 0) >= min);
}

/** Titles, and whether there is real content above/below each table (page furniture aside). */
function place(read: PageRead, isFurniture: (it: TextItem) => boolean): PagePlacement[] {
  const others = read.rest.filter((it) => !isFurniture(it));
  return read.tables.map((t, k) => {
    const above = titleAbove(others.filter((it) => it.x1 > t.box.x0 && it.x0 < t.box.x1), t.box.y0);
    t.title = [above, t.inlineTitle].filter(Boolean).join(' ') || undefined;
    return {
      table: t,
      firstOnPage: k === 0 && !others.some((it) => it.bottom <= t.box.y0 + 1),
      lastOnPage: k === read.tables.length - 1 && !others.some((it) => it.top >= t.box.y1 - 1),
    };
  });
}

/**
 * Reads the tables of a PDF. Throws ExtractError (corrupt, encrypted, too_many_pages, no_text, timeout, and
 * internal — an exception in one of the reader's own steps, with the step and page in details).
 */
export async function readPdf(bytes: Uint8Array, limits: ExtractLimits): Promise<{ tables: RawTable[]; pages: number; warnings: ExtractWarning[] }> {
  const started = Date.now();
  const { pdf, pdfjs } = await openPdf(bytes, limits);
  try {
    const pages = pdf.numPages;
    const warnings: ExtractWarning[] = [];
    const reads: PageRead[] = [];
    let chars = 0;
    let unreadable = 0;
    for (let n = 1; n <= pages; n++) {
      const left = limits.timeoutMs - (Date.now() - started);
      const timeout = () => new ExtractError('timeout', `PDF reading exceeded ${limits.timeoutMs} ms at page ${n}`, { page: n, ms: limits.timeoutMs });
      if (left <= 0) throw timeout();
      let read: PageRead;
      try {
        read = await withTimeout(readPage(pdf, pdfjs, n), left);
      } catch (err) {
        if (err instanceof ExtractError) throw err.code === 'timeout' ? timeout() : err;
        // our own code failing is a bug to look at, not a property of the file: say so, never "scanned?"
        if (!(err instanceof PdfStepError) || !FILE_STEPS.has(err.step)) throw internalError(err instanceof PdfStepError ? err : new PdfStepError('page', n, err));
        unreadable++;
        warnings.push({ code: 'pdf_page_unreadable', message: `Page ${n} could not be read (${err.step}); it was skipped` });
        continue;
      }
      for (const it of read.text.items) chars += it.str.trim().length;
      reads.push(read);
    }
    if (chars === 0 && unreadable > 0) {
      // pages PDF.js could not read: a damaged file, not a scan
      throw new ExtractError('corrupt', `The PDF cannot be read (${unreadable} of ${pages} pages unreadable, no text on the others)`, { pages, unreadable });
    }
    if (chars === 0) {
      throw new ExtractError('no_text', 'The PDF has no text layer (a scan): it goes to the OCR step where one is configured', { pages });
    }
    const tables = await step('join', pages, () => {
      const isFurniture = furniture(reads);
      return joinPages(reads.flatMap((r) => place(r, isFurniture)));
    }).catch((err: unknown) => { throw err instanceof PdfStepError ? internalError(err) : err; });
    return { tables, pages, warnings };
  } finally {
    await closePdf(pdf);
  }
}
