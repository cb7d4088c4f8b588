/**
 * The OCR engine: tesseract.js (LSTM only) with the Vietnamese model from the `@tesseract.js-data/vie` package —
 * nothing downloaded at run time, nothing cached to disk. A pool of workers (one per vCPU by default) reads cell
 * images; each answer carries the text and its confidence (0–100).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { availableParallelism } from 'node:os';

export interface OcrAnswer { text: string; confidence: number }

export interface OcrEngine {
  /** reads one image (PNG bytes) as a single block of text */
  recognize(png: Buffer): Promise<OcrAnswer>;
  readonly workers: number;
  close(): Promise<void>;
}

/** The folder holding vie.traineddata.gz (the package's LSTM "best_int" model). */
export function vieLangPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tesseract.js-data/vie/package.json')), '4.0.0_best_int');
}

export async function createOcrEngine(opts: { workers?: number } = {}): Promise<OcrEngine> {
  const { createScheduler, createWorker, OEM, PSM } = await import('tesseract.js');
  const n = Math.max(1, opts.workers ?? Math.min(2, availableParallelism()));
  const scheduler = createScheduler();
  const langPath = vieLangPath();
  await Promise.all(Array.from({ length: n }, async () => {
    const w = await createWorker('vie', OEM.LSTM_ONLY, { langPath, cacheMethod: 'none', gzip: true });
    await w.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_BLOCK, preserve_interword_spaces: '1', user_defined_dpi: '200' });
    scheduler.addWorker(w);
  }));
  return {
    workers: n,
    async recognize(png) {
      const res = await scheduler.addJob('recognize', png, {}, { text: true });
      return { text: res.data.text ?? '', confidence: res.data.confidence ?? 0 };
    },
    async close() {
      await scheduler.terminate();
    },
  };
}
