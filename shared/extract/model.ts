/**
 * The one table model every reader produces and every later stage consumes.
 *
 * Readers (docx, xlsx, html, text, pdf/) turn bytes into `RawTable`s: a rectangular grid of cells with merges
 * expanded and per-row provenance. `understand/` turns a RawTable into an `ExtractedTable` (header roles,
 * sections, continuation rows, kind). The JSON printed by `intake extract FILE --json` is `ExtractResult`.
 */
import { z } from 'zod';
import { failureMessage } from '#shared/domain/failures';
import { ReportRow, SourceRef } from '#shared/domain/row';

/** One cell of a reader's grid. `text` is NFC with whitespace folded and wrapped lines joined; `raw` is as read. */
export const GridCell = z.object({
  text: z.string(),
  raw: z.string(),
  /** true when this position is covered by a merge (colspan/rowspan); text/raw then repeat the master's. */
  covered: z.boolean().optional(),
  /** for covered cells: which way the merge runs from the master. */
  span: z.enum(['col', 'row', 'both']).optional(),
});
export type GridCell = z.infer<typeof GridCell>;

export interface RawTable {
  /** 0-based order of the table in the document. */
  index: number;
  /** text right above the table (caption, "PHỤ LỤC 01 …"), or the sheet name. */
  title?: string;
  grid: GridCell[][];
  /** provenance of each grid row, same length as grid. */
  sources: SourceRef[];
  /** PDF only: how the table was found. */
  ruling?: 'stroked' | 'filled' | 'none';
}

export const ColumnRole = z.enum([
  'stt', 'content', 'refs', 'lead', 'coord', 'deadline', 'product', 'result',
  'mark_completed', 'mark_not_completed', 'mark_recurring', 'mark_in_progress',
  'assessment', 'risk', 'note', 'task_id', 'extra',
]);
export type ColumnRole = z.infer<typeof ColumnRole>;

export const ExtractedTable = z.object({
  index: z.number().int().nonnegative(),
  title: z.string().optional(),
  kind: z.enum(['tasks', 'other']),
  columns: z.array(z.object({ header: z.string(), role: ColumnRole })),
  rows: z.array(ReportRow),
});
export type ExtractedTable = z.infer<typeof ExtractedTable>;

export const ExtractWarning = z.object({
  code: z.string(),
  message: z.string(),
  table: z.number().int().optional(),
  row: z.number().int().optional(),
});
export type ExtractWarning = z.infer<typeof ExtractWarning>;

export const FileFormat = z.enum(['docx', 'xlsx', 'pdf', 'html', 'text', 'eml', 'zip']);
export type FileFormat = z.infer<typeof FileFormat>;

export const ExtractResult = z.object({
  format: FileFormat.optional(),
  pages: z.number().int().optional(),
  tables: z.array(ExtractedTable),
  warnings: z.array(ExtractWarning),
});
export type ExtractResult = z.infer<typeof ExtractResult>;

/** Limits checked before parsing; all configurable (env INTAKE_MAX_* or options). */
export const ExtractLimits = z.object({
  maxBytes: z.number().int().positive().default(40 * 1024 * 1024),
  maxPages: z.number().int().positive().default(300),
  maxUncompressedBytes: z.number().int().positive().default(200 * 1024 * 1024),
  maxZipEntries: z.number().int().positive().default(5_000),
  maxCompressionRatio: z.number().positive().default(200),
  timeoutMs: z.number().int().positive().default(60_000),
  /** DOCX/XLSX: uncompressed size of the parts the reader parses into memory (word/document.xml; xl/worksheets +
   *  shared strings). exceljs/mammoth hold ~20× that in memory, so this bounds the reader's memory. */
  maxContentXmlBytes: z.number().int().positive().default(30 * 1024 * 1024),
});
export type ExtractLimits = z.infer<typeof ExtractLimits>;

export const EXTRACT_ERROR_CODES = [
  'empty',            // 0 bytes
  'too_large',        // over maxBytes
  'too_many_pages',   // PDF over maxPages
  'zip_bomb',         // uncompressed size / ratio / entry count over limits
  'unsupported_type', // not DOCX/XLSX/PDF/HTML/text
  'type_mismatch',    // extension says one type, content another (reported as a warning when we can still read it)
  'corrupt',          // cannot be parsed
  'encrypted',        // password-protected PDF/DOCX/XLSX/ZIP
  'no_text',          // scanned PDF: no text layer
  'legacy_encoding',  // TCVN3/VNI font text that could not be converted
  'no_table',         // readable, but no table at all
  'timeout',
  'internal',         // an exception inside a reader step (a bug): the step is named in details, the file kept
] as const;
export type ExtractErrorCode = (typeof EXTRACT_ERROR_CODES)[number];

/**
 * A typed, user-facing failure. `message` is English, for operators and logs; `details` are the failure's specific
 * facts (numbers, formats, the step). The Vietnamese (`messageVi`) is not worded here: it is the failure catalogue's
 * sentence for the code plus its details (#shared/domain/failures `failureMessage`). Neither carries document text.
 */
export class ExtractError extends Error {
  override readonly name = 'ExtractError';
  constructor(
    readonly code: ExtractErrorCode,
    message: string,
    readonly details: Record<string, string | number | boolean> = {},
  ) {
    super(message);
  }

  get messageVi(): string {
    return failureMessage(this.code, this.details);
  }
}

/** The input to `extract()`: bytes plus what the sender claimed. */
export interface InputFile {
  bytes: Uint8Array;
  /** file name as sent (used for the extension check and provenance only). */
  name?: string;
  contentType?: string;
}
