/**
 * A file uploaded to the bucket (uploads/<agency>/…, as with the presigned link) gets its receipt at the agency's
 * contact address, through the real ingest handler on the local stack.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parsePeriod, buildTemplate, directoryLookup } from '#shared/templates';
import { loadSeedRegistry } from '#shared/registry';
import { startTestStack, type TestStack } from '#testkit/local-stack';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
  await loadSeedRegistry(t.store);
  await t.store.setContact({ agencyId: 'bo-y-te', emails: ['dean06@moh.gov.vn', 'vanphong@moh.gov.vn'], domains: [] });
});
afterAll(async () => { await t?.stop(); });

it('sends the receipt of an uploaded file to the agency\'s contact addresses', async () => {
  const built = await buildTemplate({ agencyId: 'bo-y-te', agencyName: 'Bộ Y tế', period: parsePeriod('6 tháng đầu năm 2024'), tasks: await t.store.listTasks(), dir: await directoryLookup(), formats: ['xlsx'] });
  await t.blobs.put('uploads/bo-y-te/link-abc/Báo cáo Bộ Y tế.xlsx', built.files[0].bytes, { metadata: { agency: 'bo-y-te', origin: 'upload-link' } });
  await t.stack.idle();
  const [report] = await t.store.listReports({ agencyId: 'bo-y-te' });
  expect(report).toMatchObject({ state: 'processed', origin: { kind: 'upload' } });
  const mail = t.stack.sentMail().find((m) => m.destination.to.some((x) => x.includes('dean06@moh.gov.vn')));
  expect(mail).toBeDefined();
  expect(mail!.destination.to.join(',')).toContain('vanphong@moh.gov.vn');
  expect(mail!.subject).toBe('[Đề án 06] Xác nhận đã nhận báo cáo: Báo cáo Bộ Y tế.xlsx');
  expect(mail!.body.text).toContain(`đọc ${built.tasks.length} dòng`);
  // nothing was filled in: every row is reported without a status, with where to find it
  expect(mail!.body.text).toContain(`${built.tasks.length} dòng chưa ghi tình trạng thực hiện`);
});
