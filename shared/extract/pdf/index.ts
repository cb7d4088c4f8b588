/**
 * PDF reader: born-digital PDFs → RawTables, via PDF.js (unpdf) positioned text and the page operator list.
 *
 * Per page: ruling lines (stroked paths and thin filled rectangles) give ruled tables (grid.ts); the text left over
 * gives borderless tables by clustering (cluster.ts) and the titles above tables. Tables running over page breaks
 * are joined (pages.ts). Scanned PDFs ('no_text'), password-protected ('encrypted'), unreadable ('corrupt') and
 * over-long ('too_many_pages') documents fail with a typed ExtractError. Legacy TCVN3/VNI font text is left as
 * read: extract() converts it (legacy.ts, E1).
 */
import { ExtractError, type ExtractLimits, type ExtractWarning, type RawTable } from '../model';
import { clusteredTables } from './cluster';
import { titleAbove, type PageTable } from './grid';
import { closePdf, openPdf, pageViewport, readPageText, type PageText } from './items';
import { joinPages, type PagePlacement } from './pages';
import { mergeRules, readRules } from './rules';
import { ruledTables } from './grid';

export type { Rule } from './rules';
export type { PageTable } from './grid';

async function readPage(pdf: Awaited<ReturnType<typeof openPdf>>['pdf'], pdfjs: Awaited<ReturnType<typeof openPdf>>['pdfjs'], n: number): Promise<{ text: PageText; tables: PageTable[] }> {
  const page = await pdf.getPage(n);
  try {
    const text = await readPageText(page, n);
    if (text.items.length === 0) return { text, tables: [] }; // no text, no table: skip the (image-heavy) operator list
    const ops = await page.getOperatorList();
    const rules = mergeRules(readRules(ops, pdfjs.OPS, pageViewport(page).transform));
    const ruled = ruledTables(n, text.items, rules);
    const taken = new Set(ruled.flatMap((t) => [...t.used]));
    const free = text.items.filter((it) => !taken.has(it));
    const clustered = clusteredTables(n, free);
    for (const t of clustered) for (const it of t.used) taken.add(it);
    const tables = [...ruled, ...clustered].sort((a, b) => a.box.y0 - b.box.y0);
    const rest = text.items.filter((it) => !taken.has(it));
    for (const t of tables) t.title = titleAbove(rest.filter((it) => it.x1 > t.box.x0 && it.x0 < t.box.x1), t.box.y0);
    return { text, tables };
  } finally {
    page.cleanup();
  }
}

/** Is there real content above/below the table, other than page furniture (a page number, a short running line)? */
function placements(page: PageText, tables: PageTable[]): PagePlacement[] {
  const taken = new Set(tables.flatMap((t) => [...t.used]));
  const others = page.items.filter((it) => !taken.has(it));
  const isFurniture = (s: string): boolean => /^\s*(trang\s*)?\d{1,4}(\s*\/\s*\d{1,4})?\s*$/i.test(s);
  return tables.map((t, k) => {
    const above = others.filter((it) => it.bottom <= t.box.y0 + 1 && !isFurniture(it.str));
    const below = others.filter((it) => it.top >= t.box.y1 - 1 && !isFurniture(it.str));
    return {
      table: t,
      firstOnPage: k === 0 && above.length === 0,
      lastOnPage: k === tables.length - 1 && below.length === 0,
    };
  });
}

/** Reads the tables of a PDF. Throws ExtractError (corrupt, encrypted, too_many_pages, no_text, timeout). */
export async function readPdf(bytes: Uint8Array, limits: ExtractLimits): Promise<{ tables: RawTable[]; pages: number; warnings: ExtractWarning[] }> {
  const started = Date.now();
  const { pdf, pdfjs } = await openPdf(bytes, limits);
  try {
    const pages = pdf.numPages;
    const warnings: ExtractWarning[] = [];
    const placed: PagePlacement[] = [];
    let chars = 0;
    for (let n = 1; n <= pages; n++) {
      if (Date.now() - started > limits.timeoutMs) {
        throw new ExtractError('timeout', `PDF reading exceeded ${limits.timeoutMs} ms at page ${n}`, `Đọc tệp PDF quá ${limits.timeoutMs} ms (đến trang ${n})`, { page: n });
      }
      let res: Awaited<ReturnType<typeof readPage>>;
      try {
        res = await readPage(pdf, pdfjs, n);
      } catch (err) {
        if (err instanceof ExtractError) throw err;
        warnings.push({ code: 'pdf_page_unreadable', message: `Page ${n} could not be read; it was skipped` });
        continue;
      }
      for (const it of res.text.items) chars += it.str.trim().length;
      placed.push(...placements(res.text, res.tables));
    }
    if (chars === 0) {
      throw new ExtractError('no_text', 'The PDF has no text layer (scanned image?); OCR is not supported', 'Tệp PDF không có lớp văn bản (bản quét/ảnh chụp), hệ thống chưa đọc được; đề nghị gửi tệp Word/Excel hoặc PDF xuất trực tiếp từ Word', { pages });
    }
    const tables = joinPages(placed);
    return { tables, pages, warnings };
  } finally {
    await closePdf(pdf);
  }
}
