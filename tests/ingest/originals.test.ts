/**
 * #13.1 — originals are never overwritten: two different files sent one after the other under the same name both
 * stay in the bucket, each report points at its own object, and each report's SHA-256 is its object's.
 * Run as a user runs it (`intake ingest` in a child process on its own data dir), then the bucket is read back.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Report } from '#shared/domain/report';
import { agencySegment, fileNameOf } from '#shared/ingest/process-upload';
import { uploadKey } from '#shared/ingest/keys';
import { intakeAsync, ROOT } from '#testkit/cli';
import { startTestStack } from '#testkit/local-stack';

const work = mkdtempSync(join(tmpdir(), 'intake-originals-'));
const dataDir = join(work, 'data');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('upload keys', () => {
  it('are unique per upload, keep the file name last, and never take a day folder for an agency', () => {
    const at = '2024-06-17T20:30:00Z'; // 03:30 on the 18th in Việt Nam
    const a = uploadKey({ agencyId: 'bo-tu-phap', at, fileName: 'bao-cao.docx' });
    const b = uploadKey({ agencyId: 'bo-tu-phap', at, fileName: 'bao-cao.docx' });
    expect(a).not.toBe(b);
    expect(a).toMatch(/^uploads\/bo-tu-phap\/2024-06-18\/[0-9a-f]{10}\/bao-cao\.docx$/);
    expect(fileNameOf(a)).toBe('bao-cao.docx');
    expect(agencySegment(a)).toBe('bo-tu-phap');
    const none = uploadKey({ at, uploadId: 'abc123', fileName: '../../x/Báo cáo.pdf' });
    expect(none).toBe('uploads/2024-06-18/abc123/Báo cáo.pdf');
    expect(agencySegment(none)).toBeUndefined();
    expect(() => uploadKey({ agencyId: '../bo-cong-an', fileName: 'x.pdf' })).toThrow();
    expect(() => uploadKey({ uploadId: '..', fileName: 'x.pdf' })).toThrow();
  });
});

describe('intake ingest: two different files with the same name', () => {
  it('keeps both originals; each report\'s SHA-256 matches its own object', async () => {
    mkdirSync(join(work, 'a'));
    mkdirSync(join(work, 'b'));
    copyFileSync(join(ROOT, 'seeds/samples/bo-tu-phap.docx'), join(work, 'a', 'bao-cao.docx'));
    copyFileSync(join(ROOT, 'seeds/samples/bo-y-te.xlsx'), join(work, 'b', 'bao-cao.docx'));
    const first = await intakeAsync(['ingest', join(work, 'a', 'bao-cao.docx'), '--agency', 'BTP', '--json', '--data-dir', dataDir]);
    expect(first.code, first.stderr).toBe(0);
    const second = await intakeAsync(['ingest', join(work, 'b', 'bao-cao.docx'), '--agency', 'BTP', '--json', '--data-dir', dataDir]);
    // (an XLSX under a .docx name: whatever the reader makes of it, the original must be kept)
    const [r1] = Report.array().parse(JSON.parse(first.stdout));
    const [r2] = Report.array().parse(JSON.parse(second.stdout));
    expect(r1!.id).not.toBe(r2!.id);
    expect(r1!.key).not.toBe(r2!.key);
    expect([r1!.fileName, r2!.fileName]).toEqual(['bao-cao.docx', 'bao-cao.docx']);

    const t = await startTestStack({ dataDir });
    try {
      for (const r of [r1!, r2!]) {
        const object = await t.blobs.get(r.key);
        expect(object, r.key).toBeDefined();
        expect(sha(object!.bytes)).toBe(r.sha256);
      }
      expect(r1!.sha256).not.toBe(r2!.sha256);
    } finally {
      await t.stop();
    }
  }, 240_000);
});
