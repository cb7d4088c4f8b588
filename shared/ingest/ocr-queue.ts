/**
 * The OCR step's queue port: ingest hands a scanned PDF over as an `OcrJob`, the OCR function reads a bounded
 * batch of its pages and puts the rest back as the next job. SQS in AWS (shared/store/ocr-sqs.ts, OCR_QUEUE_URL);
 * the embedded stack registers its in-process queue here (`useOcrQueue`).
 */
import { z } from 'zod';
import { PREFIXES } from './prefixes';

export const OcrJob = z.object({
  reportId: z.string().min(1),
  bucket: z.string().min(1),
  key: z.string().min(1),
  versionId: z.string().optional(),
  /** first page of this batch, 1-based */
  from: z.number().int().positive(),
});
export type OcrJob = z.infer<typeof OcrJob>;

/** A queue message's body → the job as sent (processOcrJob checks its shape); a body that is not JSON is refused. */
export function ocrJobBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new Error('invalid OCR job: not JSON');
  }
}

export interface OcrQueue {
  send(job: OcrJob): Promise<void>;
}

let local: OcrQueue | undefined;

/** The embedded stack's queue (in-process); undefined restores the default (SQS when configured). */
export function useOcrQueue(q: OcrQueue | undefined): void {
  local = q;
}

export function localOcrQueue(): OcrQueue | undefined {
  return local;
}

/** S3 keys of a report's OCR results: one JSON per page and the page image kept beside it. */
export const ocrPageKey = (reportId: string, page: number, ext: 'json' | 'png'): string => `${PREFIXES.ocr}${reportId}/page-${String(page).padStart(4, '0')}.${ext}`;
