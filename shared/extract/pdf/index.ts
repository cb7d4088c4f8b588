/**
 * PDF reader: born-digital PDFs → RawTables, via PDF.js (unpdf) positioned text and the page operator list.
 *
 * Per page: ruling lines (stroked paths and thin filled rectangles) give ruled tables (grid.ts); the text left over
 * gives borderless tables by clustering (cluster.ts) and the titles above tables. Tables running over page breaks
 * are joined (pages.ts). Scanned PDFs ('no_text'), password-protected ('encrypted'), unreadable ('corrupt') and
 * over-long ('too_many_pages') documents fail with a typed ExtractError. Legacy TCVN3/VNI font text is left as
 * read: extract() converts it (legacy.ts, E1).
 */
export type { Rule } from './rules';
export type { PageTable } from './grid';
export { type PdfStep, PdfStepError, internalError, readPdf } from './read';
