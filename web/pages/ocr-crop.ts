/**
 * The scanned picture of an OCR-read row beside its cells in the review page: a route that cuts the row's box out
 * of the page image the OCR step kept (behind the console's session like every route), and the figure that shows
 * it. Rows not read by OCR have neither.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { rowCropPng } from '#shared/extract/ocr/crop';
import { ocrPageKey } from '#shared/ingest/ocr-queue';
import type { StoredRow } from '#shared/domain/report';
import type { AppEnv } from '../auth';
import type { Deps } from '../deps';
import { html, type Html } from '../html';
import { validate } from '../validate';

const Params = z.object({
  reportId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'mã báo cáo không hợp lệ'),
  rowId: z.string().regex(/^\d{1,4}\.\d{1,6}$/, 'dòng dạng BẢNG.DÒNG, ví dụ 0.4'),
});

const cropHref = (r: Pick<StoredRow, 'reportId' | 'rowId'>) => `/xem-xet/${encodeURIComponent(r.reportId)}/${encodeURIComponent(r.rowId)}/anh-quet.png`;

/** The row as scanned, for an OCR-read row; nothing for any other. */
export function ocrCropFigure(row: StoredRow): Html | '' {
  const s = row.cells.source;
  if (!s.ocr || !s.page) return '';
  return html`<figure class="ocr-crop"><img src="${cropHref(row)}" alt="Ảnh quét của dòng ${s.row}, trang ${s.page}" loading="lazy">
<figcaption class="muted">Dòng trên bản quét (trang ${s.page}); độ tin cậy thấp nhất của ô: ${s.ocr.confidence}.</figcaption></figure>`;
}

export function ocrCropRoutes(app: Hono<AppEnv>, deps: Deps): void {
  app.get('/xem-xet/:reportId/:rowId/anh-quet.png', validate('param', Params), async (c) => {
    const { reportId, rowId } = c.req.valid('param');
    const row = await deps.store.getRow(reportId, rowId);
    const s = row?.cells.source;
    if (!s?.ocr || !s.page) return c.text('Không có ảnh quét cho dòng này.', 404);
    const [json, png] = await Promise.all([deps.blobs.get(ocrPageKey(reportId, s.page, 'json')), deps.blobs.get(ocrPageKey(reportId, s.page, 'png'))]);
    if (!json || !png) return c.text('Ảnh trang quét không còn trong kho.', 404);
    const dpi = Number((JSON.parse(Buffer.from(json.bytes).toString('utf8')) as { dpi?: unknown }).dpi);
    const out = rowCropPng(png.bytes, s.ocr.box, dpi);
    if (!out) return c.text('Không cắt được ảnh dòng.', 404);
    return c.body(new Uint8Array(out), 200, { 'content-type': 'image/png', 'cache-control': 'private, max-age=3600', 'x-content-type-options': 'nosniff' });
  });
}
