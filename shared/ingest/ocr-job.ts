/**
 * The OCR step of a scanned report (`ocr_pending`), one job at a time:
 *   job (report, first page) → the original from uploads/ → up to `pagesPerRun` unread pages OCR'd, each page's
 *   result (JSON) and scan image (PNG) saved under ocr/<report>/ as it is done → the rest re-queued as the next
 *   job, or, once every page is read, the pages joined and understood → the same store path as any report
 *   (storeReading: match, rows, status history, counts, receipt).
 * Safe to run again: pages already saved are not read twice; the final step is keyed like any report's.
 */
import { ExtractError, ExtractLimits } from '#shared/extract/model';
import type { OcrEngine } from '#shared/extract/ocr/engine';
import type { OcrPageResult } from '#shared/extract/ocr';
import type { Report } from '#shared/domain/report';
import { failureText } from '#shared/domain/failures';
import { PREFIXES } from './prefixes';
import { OcrJob, ocrPageKey, type OcrQueue } from './ocr-queue';
import { storeReading, type IngestDeps } from './process-upload';

export interface OcrJobDeps extends IngestDeps {
  /** the engine (kept warm across jobs by the caller) */
  engine: () => Promise<OcrEngine>;
  /** where the rest of a long scan goes */
  queue: OcrQueue;
  pagesPerRun: number;
  /** true when the invocation is about to run out of time: the batch stops between pages */
  shouldStop?: () => boolean;
}

export type OcrJobOutcome =
  | { kind: 'skipped'; reason: 'no_report' | 'not_pending' }
  | { kind: 'requeued'; done: number; pages: number; next: number }
  | { kind: 'finished'; report: Report };

export async function processOcrJob(input: unknown, deps: OcrJobDeps): Promise<OcrJobOutcome> {
  const job = OcrJob.parse(input);
  const { store, blobs } = deps;
  const log = deps.log;
  const report = await store.getReport(job.reportId);
  if (!report) return { kind: 'skipped', reason: 'no_report' };
  if (report.state !== 'ocr_pending') return { kind: 'skipped', reason: 'not_pending' };

  const object = await blobs.get(job.key, job.versionId ? { versionId: job.versionId } : {});
  if (!object) {
    await store.updateReport(report.id, { state: 'failed', error: { code: 'missing', ...failureText('missing') } });
    return { kind: 'finished', report: (await store.getReport(report.id))! };
  }
  const limits = ExtractLimits.parse(deps.config.limits ?? {});
  const prefix = `${PREFIXES.ocr}${report.id}/`;
  const saved = new Set((await blobs.list(prefix)).map((b) => /page-(\d+)\.json$/.exec(b.key)?.[1]).filter(Boolean).map(Number));

  const { ocrPdfPages, ocrExtractResult } = await import('#shared/extract/ocr');
  const { encodeGrayPng } = await import('#shared/extract/ocr/png');
  const to = job.from + deps.pagesPerRun - 1;
  let pages: number;
  try {
    // a scan sent as an image file: wrapped as an image-only PDF (headers checked, nothing decoded)
    const { imageFormat, imageFilePdf } = await import('#shared/extract/ocr/image-file');
    const bytes = imageFormat(object.bytes) ? imageFilePdf(object.bytes, limits) : object.bytes;
    ({ pages } = await ocrPdfPages(bytes, {
      engine: await deps.engine(),
      limits,
      from: job.from,
      to,
      skip: (n) => saved.has(n),
      shouldStop: deps.shouldStop,
      onPage: async (r, image) => {
        if (image) await blobs.put(ocrPageKey(report.id, r.page, 'png'), encodeGrayPng(image), { contentType: 'image/png' });
        await blobs.put(ocrPageKey(report.id, r.page, 'json'), JSON.stringify(r), { contentType: 'application/json' });
        saved.add(r.page);
      },
    }));
  } catch (err) {
    if (!(err instanceof ExtractError)) throw err;
    // the scan itself is bad (corrupt, over the page limit): recorded and told, as any unreadable file
    await blobs.copy(job.key, `${PREFIXES.quarantine}${report.id}/${report.fileName.replace(/[\\/\u0000-\u001f]/g, '_') || '_'}`);
    await store.updateReport(report.id, { state: 'quarantined', error: { code: err.code, message: err.message, messageVi: err.messageVi } });
    const done = (await store.getReport(report.id))!;
    await deps.onProcessed?.({ report: done, rows: [] }).catch(() => undefined);
    return { kind: 'finished', report: done };
  }

  const done = [...saved].filter((n) => n >= 1 && n <= pages).length;
  await store.updateReport(report.id, { ocr: { pages, done } });
  const next = Array.from({ length: pages }, (_, i) => i + 1).find((n) => !saved.has(n));
  if (next !== undefined) {
    await deps.queue.send({ ...job, from: next });
    log?.info('ocr batch done, rest re-queued', { reportId: report.id, done, pages, next });
    return { kind: 'requeued', done, pages, next };
  }

  // every page read: join them, understand, and carry on as any report
  const results: OcrPageResult[] = [];
  for (let n = 1; n <= pages; n++) {
    const blob = await blobs.get(ocrPageKey(report.id, n, 'json'));
    if (blob) results.push(JSON.parse(Buffer.from(blob.bytes).toString('utf8')) as OcrPageResult);
  }
  const result: ReturnType<typeof ocrExtractResult> = ocrExtractResult(results, pages);
  // a scan sent as an image keeps its own format (jpeg, png, tiff) on the report
  if (report.format && report.format !== 'pdf') delete result.format;
  const seconds = results.reduce((a, r) => a + r.seconds, 0);
  log?.info('ocr read', { reportId: report.id, pages, seconds: Math.round(seconds * 10) / 10 });
  const outcome = await storeReading({ ...report, ocr: { pages, done } }, result, deps);
  return { kind: 'finished', report: outcome.report };
}
