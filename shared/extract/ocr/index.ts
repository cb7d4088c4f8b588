/**
 * OCR reader for scanned reports: image-only PDFs → the same RawTables the PDF reader produces.
 *
 *   page image (pdf-images.ts) → orientation + deskew → ruling-line grid (grid.ts) → per-cell OCR and ink marks
 *   (cells.ts) → page tables joined across pages (pdf/pages.ts, repeated headers dropped) → RawTables whose row
 *   sources carry `ocr: { confidence, box }`.
 *
 * Pages are read in bounded batches (`ocrPdfPages` with a range) so a long scan can be split over several
 * invocations; each page's result (`OcrPageResult`) is plain JSON, kept between batches and joined at the end
 * (`assembleOcr`).
 */
export { createOcrEngine, type OcrEngine } from './engine';
export { type OcrPageResult, type OcrPdfOptions, ocrPdfPages, assembleOcr, ocrExtractResult } from './read';
