/**
 * Poison files — generated here, as agencies' machines (or attackers) produce them — in ONE batch with good
 * reports: each is quarantined (the original copied to quarantine/<report>/), recorded with its typed reason,
 * and acknowledged to the agency by a receipt in local SES; the good reports in the same batch are processed.
 */
import { strToU8, zipSync } from 'fflate';
import PDFDocument from 'pdfkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { agencyDirectory } from '#shared/agencies';
import { loadSeedRegistry, seedRegistry } from '#shared/registry';
import { useLocalStack } from '#testkit/local-stack';
import { generateReport } from '#testkit/reports';
import { contactOf, expectExactlyOnce, receiptsFor, setContacts, upload } from '#testkit/resilience-world';

// events are delivered by hand, all at once: one SQS batch
const env = useLocalStack({ deliverEvents: false });
const tasks = seedRegistry();
const names = (id: string) => agencyDirectory().get(id)?.name;

function pdf(build: (doc: PDFKit.PDFDocument) => void, options: PDFKit.PDFDocumentOptions = {}): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', ...options });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    build(doc);
    doc.end();
  });
}

interface Poison { name: string; agencyId: string; file: string; bytes: Uint8Array; code: string }

async function poisons(): Promise<Poison[]> {
  const good = await generateReport(tasks, 700, { rows: 20, names });
  // 60 MB of a report-looking text (over the 40 MB limit): refused by its size, never downloaded
  const big = new Uint8Array(60 * 1024 * 1024).fill(0x41);
  big.set(strToU8('STT\tNội dung\n1\t'), 0);
  const png = new Uint8Array(2048);
  png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]); // a photo of the report
  return [
    { name: 'corrupt (a DOCX cut in half)', agencyId: 'bo-noi-vu', file: 'bao-cao-hong.docx', bytes: good.bytes.subarray(0, Math.floor(good.bytes.length / 2)), code: 'corrupt' },
    { name: 'encrypted (password-protected PDF)', agencyId: 'bo-tai-chinh', file: 'bao-cao-mat.pdf', bytes: await pdf((d) => d.text('Bao cao mat'), { userPassword: 'matkhau', ownerPassword: 'chu', pdfVersion: '1.7' }), code: 'encrypted' },
    {
      name: 'zip bomb (1000:1 document.xml)', agencyId: 'bo-cong-thuong', file: 'bao-cao-bom.docx', code: 'zip_bomb',
      bytes: zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': new Uint8Array(40 * 1024 * 1024).fill(32) }, { level: 9 }),
    },
    { name: '0 bytes', agencyId: 'bo-xay-dung', file: 'bao-cao-rong.xlsx', bytes: new Uint8Array(), code: 'empty' },
    { name: '60 MB', agencyId: 'bhxh-viet-nam', file: 'bao-cao-60mb.txt', bytes: big, code: 'too_large' },
    { name: 'lying extension (a PNG scan named .docx)', agencyId: 'tp-hue', file: 'bao-cao-anh.docx', bytes: png, code: 'type_mismatch' },
    {
      name: 'lying extension (a plain ZIP named .xlsx)', agencyId: 'bo-y-te', file: 'bao-cao-nen.xlsx', code: 'type_mismatch',
      bytes: zipSync({ 'bao-cao/ghi-chu.txt': strToU8('xem tệp đính kèm') }),
    },
    {
      name: 'a PDF of 500 pages', agencyId: 'bo-giao-duc-va-dao-tao', file: 'bao-cao-500-trang.pdf', code: 'too_many_pages',
      bytes: await pdf((d) => { for (let p = 0; p < 500; p++) { if (p) d.addPage(); d.text(`Trang ${p + 1}`); } }),
    },
  ];
}

beforeAll(async () => {
  await loadSeedRegistry(env.store);
  await setContacts(env);
});

describe('poison files in one batch with good reports', () => {
  it('are quarantined, recorded with their reason and acknowledged; the rest of the batch is processed', async () => {
    const bad = await poisons();
    const good = await Promise.all([generateReport(tasks, 701, { rows: 25, names }), generateReport(tasks, 702, { rows: 25, names })]);
    const ups = [];
    for (const p of bad) ups.push({ p, up: await upload(env, `uploads/${p.agencyId}/${p.file}`, p.bytes) });
    const goodUps = [];
    for (const g of good) goodUps.push({ g, up: await upload(env, g.key, g.bytes) });
    const all = [...ups.map((u) => u.up), ...goodUps.map((u) => u.up)];
    expect(all.length).toBeLessThanOrEqual(10); // the event source mapping's batch size: one invocation
    env.stack.deliverUploadEvents(all.map((u) => ({ bucket: env.config.bucketName, key: u.key, size: u.size, etag: u.etag })));
    await env.stack.idle();

    for (const { p, up } of ups) {
      const r = (await env.store.getReport(up.id))!;
      expect(r, p.name).toBeDefined();
      expect({ name: p.name, state: r.state, code: r.error?.code }).toEqual({ name: p.name, state: 'quarantined', code: p.code });
      expect((r.error?.messageVi ?? '').length, p.name).toBeGreaterThan(10);
      expect(r.agencyId, p.name).toBe(p.agencyId);
      expect(await env.store.listRows(up.id), p.name).toHaveLength(0);
      // the original is kept where it was, and a copy in quarantine/
      const kept = await env.blobs.list(`quarantine/${up.id}/`);
      expect(kept.map((k) => k.size), p.name).toEqual([p.bytes.byteLength]);
      expect(await env.blobs.head(up.key), p.name).toBeDefined();
      // acknowledged: one receipt to the agency's contact, saying what went wrong (in Vietnamese)
      const mails = receiptsFor(env, p.file).filter((m) => m.destination.to.includes(contactOf(p.agencyId)));
      expect(mails, p.name).toHaveLength(1);
      const text = mails[0]!.body.text ?? '';
      expect(text, p.name).toMatch(/chưa đọc được/);
      expect(text, p.name).toContain(up.id.slice(0, 12)); // the receipt code the agency can quote
    }
    for (const { g, up } of goodUps) await expectExactlyOnce(env, up, { expectedRows: g.rows });
    expect(env.stack.deadLetters()).toHaveLength(0);
  });
});
