/**
 * The review page shows an OCR-read row's picture beside its cells: the route cuts the row's box out of the page
 * image the OCR step kept (ocr/<report>/page-NNNN.png) behind the console's session; rows read from text have none.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createConsole } from '#web/app';
import { localAuth } from '#web/auth';
import type { StoredRow } from '#shared/domain/report';
import { readGrayPng } from '#shared/extract/ocr/crop';
import { blank } from '#shared/extract/ocr/image';
import { encodeGrayPng } from '#shared/extract/ocr/png';
import { ocrPageKey } from '#shared/ingest/ocr-queue';
import { consoleReviewRows, seedConsole } from '#testkit/console-world';
import { useLocalStack } from '#testkit/local-stack';

const env = useLocalStack({ deliverEvents: false });
const auth = localAuth({ tokens: {} });
const ORIGIN = 'http://console.test';
let app: ReturnType<typeof createConsole>;
// the row's box in points on a 200 dpi page: (100, 200)–(400, 250) → pixels (278, 556)–(1111, 694)
const BOX = { x0: 100, y0: 200, x1: 400, y1: 250 };

beforeAll(async () => {
  await seedConsole(env.store);
  const base = consoleReviewRows()[0]!;
  const row: StoredRow = { ...base, rowId: '0.9', cells: { ...base.cells, stt: '9', source: { page: 2, row: 10, ocr: { confidence: 61, box: BOX } } } };
  await env.store.putRows([row]);
  // the page as read: white, the row's box filled black
  const page = blank(2339, 1654);
  for (let y = 556; y < 694; y++) page.data.fill(0, y * page.width + 278, y * page.width + 1111);
  await env.blobs.put(ocrPageKey(row.reportId, 2, 'png'), encodeGrayPng(page), { contentType: 'image/png' });
  await env.blobs.put(ocrPageKey(row.reportId, 2, 'json'), JSON.stringify({ page: 2, dpi: 200, skew: 0, rows: [], warnings: [], seconds: 1 }), { contentType: 'application/json' });
  app = createConsole({ store: env.store, blobs: env.blobs, mailer: env.mailer, config: env.config, auth, now: () => new Date('2024-06-17T03:00:00Z') });
});

async function session(): Promise<string> {
  const token = auth.issue({ name: 'Thư ký', groups: ['viewer'] });
  const res = await app.request(`${ORIGIN}/dang-nhap?token=${token}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

describe('the scanned row beside its cells', () => {
  it('the review page of an OCR row shows its picture; the picture is the row box of the kept page', async () => {
    const cookie = await session();
    const page = await (await app.request(`${ORIGIN}/xem-xet/r1-cong-an/0.9`, { headers: { cookie } })).text();
    expect(page).toContain('src="/xem-xet/r1-cong-an/0.9/anh-quet.png"');
    expect(page).toMatch(/alt="Ảnh quét của dòng 10, trang 2"/);
    const res = await app.request(`${ORIGIN}/xem-xet/r1-cong-an/0.9/anh-quet.png`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const img = readGrayPng(new Uint8Array(await res.arrayBuffer()))!;
    // the box and a 3 pt margin each side
    expect(img.width).toBe(Math.ceil((400 + 3) * 200 / 72) - Math.floor((100 - 3) * 200 / 72));
    const at = (x: number, y: number) => img.data[y * img.width + x];
    expect(at(2, 2)).toBe(255); // the margin is paper
    expect(at(Math.floor(img.width / 2), Math.floor(img.height / 2))).toBe(0); // the row's ink
  });

  it('needs a session; a row read from text has no picture', async () => {
    const anon = await app.request(`${ORIGIN}/xem-xet/r1-cong-an/0.9/anh-quet.png`);
    expect([303, 401]).toContain(anon.status);
    const cookie = await session();
    expect((await app.request(`${ORIGIN}/xem-xet/r1-cong-an/0.7/anh-quet.png`, { headers: { cookie } })).status).toBe(404);
    const page = await (await app.request(`${ORIGIN}/xem-xet/r1-cong-an/0.7`, { headers: { cookie } })).text();
    expect(page).not.toContain('anh-quet.png');
    expect((await app.request(`${ORIGIN}/xem-xet/r1-cong-an/x/anh-quet.png`, { headers: { cookie } })).status).toBe(400);
  });
});
