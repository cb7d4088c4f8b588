import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInNewContext } from 'node:vm';
import { fileNameOf } from '#shared/ingest/process-upload';
import { parseExpiry } from '#shared/store/upload-links';
import { uploadFormHtml } from '#shared/templates/mail';
import { startTestStack, type TestStack } from '#testkit/local-stack';

let t: TestStack;
beforeAll(async () => { t = await startTestStack({ deliverEvents: false }); });
afterAll(async () => { await t?.stop(); });

function post(url: string, fields: Record<string, string>, file: { name: string; bytes: Uint8Array; type: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('Content-Type', file.type);
  form.append('file', new Blob([file.bytes], { type: file.type }), file.name);
  return fetch(url, { method: 'POST', body: form });
}

describe('upload links', () => {
  it('pins the key to uploads/<agency>/, bounds the size, requires an application/* type, expires', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const link = await t.links.create({ agencyId: 'bo-tu-phap', expiresSeconds: parseExpiry('2d'), maxBytes: 1024 * 1024 }, now);
    expect(link.keyPrefix).toMatch(/^uploads\/bo-tu-phap\/link-[0-9a-f]{12}\/$/);
    expect(link.fields.key).toBe(`${link.keyPrefix}\${filename}`);
    expect(link.expiresAt).toBe('2026-01-03T00:00:00.000Z');
    const policy = JSON.parse(Buffer.from(link.fields.Policy, 'base64').toString('utf8')) as { conditions: unknown[] };
    expect(policy.conditions).toEqual(expect.arrayContaining([
      ['starts-with', '$key', link.keyPrefix],
      ['content-length-range', 1, 1024 * 1024],
      ['starts-with', '$Content-Type', 'application/'],
      { 'x-amz-meta-agency': 'bo-tu-phap' },
    ]));
  });

  it('lets a browser-style POST put a file under the agency\'s prefix (s3rver)', async () => {
    const link = await t.links.create({ agencyId: 'bo-tu-phap' });
    const res = await post(link.url, link.fields, { name: 'Báo cáo.pdf', bytes: new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n')), type: 'application/pdf' });
    expect(res.status).toBeLessThan(300);
    const objects = await t.blobs.list(link.keyPrefix);
    expect(objects).toHaveLength(1);
    const head = await t.blobs.head(objects[0].key);
    expect(head?.metadata.agency).toBe('bo-tu-phap');
  });

  it('refuses agency ids that are not slugs and expiries over 7 days', async () => {
    await expect(t.links.create({ agencyId: '../bo-cong-an' })).rejects.toThrow();
    await expect(t.links.create({ agencyId: 'bo-tu-phap', expiresSeconds: parseExpiry('8d') })).rejects.toThrow();
    expect(() => parseExpiry('soon')).toThrow();
    expect(parseExpiry('12h')).toBe(43200);
  });

  it('the upload page names the object after the chosen file, also on a local S3 that does not fill in ${filename}', async () => {
    const link = await t.links.create({ agencyId: 'bo-y-te' });
    const html = uploadFormHtml(link, 'Bộ Y tế');
    const fields = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2].replace(/&amp;/g, '&').replace(/&quot;/g, '"')]));
    // run the page's own script against a minimal form: the agency picks a file
    const keyInput = { value: fields.key };
    let onChange: ((e: unknown) => void) | undefined;
    const document = {
      querySelector: (sel: string) => (sel === 'input[name=key]' ? keyInput : { addEventListener: (_: string, f: (e: unknown) => void) => { onChange = f; } }),
    };
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
    runInNewContext(script, { document });
    onChange!({ target: { files: [{ name: 'Báo cáo Bộ Y tế.xlsx' }] } });
    const firstKey = keyInput.value;
    // a folder of its own per upload: <link prefix><day in Việt Nam>/<random id>/<name>
    expect(firstKey.startsWith(link.keyPrefix)).toBe(true);
    expect(firstKey.slice(link.keyPrefix.length)).toMatch(/^\d{4}-\d{2}-\d{2}\/[0-9a-f]{10}\/Báo cáo Bộ Y tế\.xlsx$/);

    delete fields['Content-Type'];
    const res = await post(link.url, { ...fields, key: keyInput.value }, { name: 'Báo cáo Bộ Y tế.xlsx', bytes: new Uint8Array(Buffer.from('PK\u0003\u0004')), type: 'application/octet-stream' });
    expect(res.status).toBeLessThan(300);
    const [object] = await t.blobs.list(link.keyPrefix);
    expect(fileNameOf(object.key)).toBe('Báo cáo Bộ Y tế.xlsx');

    // a second, different file of the same name through the same page: both kept
    onChange!({ target: { files: [{ name: 'Báo cáo Bộ Y tế.xlsx' }] } });
    expect(keyInput.value).not.toBe(firstKey);
    const again = await post(link.url, { ...fields, key: keyInput.value }, { name: 'Báo cáo Bộ Y tế.xlsx', bytes: new Uint8Array(Buffer.from('PK\u0003\u0004second')), type: 'application/octet-stream' });
    expect(again.status).toBeLessThan(300);
    const both = await t.blobs.list(link.keyPrefix);
    expect(both.map((o) => o.key).sort()).toEqual([firstKey, keyInput.value].sort());
    expect((await t.blobs.get(firstKey))!.bytes.byteLength).toBe(4);
  });
});
