/**
 * Extraction entry point: bytes → tables of report rows.
 *
 *   limits (bytes) → detect real type (+ ZIP limits from the central directory) → reader (docx/xlsx/pdf/html/text)
 *   → legacy-encoding check/convert → understand/ (header, roles, sections, continuation rows, kind)
 *
 * Every failure is an ExtractError (code + English + Vietnamese message); nothing here logs document text.
 */
export { ExtractError } from './model';
export type { ExtractResult, InputFile, RawTable } from './model';
export { resolveLimits } from './limits';
export { type ExtractOptions, type ReadResult, readDocument, checkFile, readTables, extract } from './document';
