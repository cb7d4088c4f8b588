/** A report's task row as read (cells by role), where it came from in the file, and the status values. */
import { z } from 'zod';

/** What an agency says of a task: Hoàn thành / Chưa hoàn thành / Đang triển khai / Thực hiện thường xuyên. */
export const Status = z.enum(['completed', 'not_completed', 'in_progress', 'recurring']);
export type Status = z.infer<typeof Status>;

export const SourceRef = z.object({
  page: z.number().int().positive().optional(),
  sheet: z.string().optional(),
  /** 1-based row number: sheet row for XLSX, table row for DOCX/HTML/text, row within the page's table for PDF. */
  row: z.number().int().nonnegative(),
  /** when a row was merged from several physical rows (page-split or continuation), all of them. */
  rows: z.array(z.object({ page: z.number().int().optional(), sheet: z.string().optional(), row: z.number().int() })).optional(),
  /** read by OCR from a scan: the row's lowest cell confidence (0–100) and its box on the page (PDF points, top-left origin). */
  ocr: z.object({
    confidence: z.number(),
    box: z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() }),
  }).optional(),
});
export type SourceRef = z.infer<typeof SourceRef>;

/** One task row of a report, cells by role. Fields a table lacks are omitted. */
export const ReportRow = z.object({
  section: z.string().optional(),
  stt: z.string().optional(),
  content: z.string().optional(),
  lead: z.string().optional(),
  coord: z.string().optional(),
  refs: z.string().optional(),
  deadline: z.string().optional(),
  product: z.string().optional(),
  result: z.string().optional(),
  /** the status-mark sub-column marked "x"/"X"/"✓" (Hoàn thành / Chưa hoàn thành / Thực hiện thường xuyên / Đang triển khai). */
  statusMark: Status.optional(),
  assessment: z.string().optional(),
  risk: z.string().optional(),
  note: z.string().optional(),
  /** a task id column (our pre-filled templates carry one, e.g. "04/CT-TTg:B.22"). */
  taskId: z.string().optional(),
  /** unknown columns, by header text. */
  extra: z.record(z.string(), z.string()).optional(),
  /** raw (un-normalised) cell text by role, for evidence. */
  raw: z.record(z.string(), z.string()).optional(),
  source: SourceRef,
});
export type ReportRow = z.infer<typeof ReportRow>;
