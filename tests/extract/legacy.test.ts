import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '#shared/extract';
import { detectLegacyEncoding, fixLegacyEncoding, tcvn3ToUnicode, vniToUnicode } from '#shared/extract/legacy';
import { ExtractError, type RawTable } from '#shared/extract/model';
import { FAILURES, sentence } from '#shared/domain/failures';

const GEN = join(__dirname, '../fixtures/generated');
const file = (name: string) => ({ bytes: new Uint8Array(readFileSync(join(GEN, name))), name });

describe('legacy Vietnamese encodings', () => {
  it('converts TCVN3 (.VnTime) and VNI text', () => {
    expect(tcvn3ToUnicode('Bé C«ng an')).toBe('Bộ Công an');
    expect(tcvn3ToUnicode('Thñ t­íng ChÝnh phñ')).toBe('Thủ tướng Chính phủ');
    expect(vniToUnicode('Boä Coâng an')).toBe('Bộ Công an');
    expect(vniToUnicode('Ñeà aùn 06 ñöôïc trieån khai')).toBe('Đề án 06 được triển khai');
  });

  it('tells TCVN3, VNI and Unicode apart', () => {
    expect(detectLegacyEncoding('Bé C«ng an, Bé T­ ph¸p, Thñ t­íng ChÝnh phñ')).toBe('tcvn3');
    expect(detectLegacyEncoding('Ñeà aùn 06 ñöôïc trieån khai theo keá hoaïch')).toBe('vni');
    expect(detectLegacyEncoding('Hoà Chí Minh hoá, Bộ Công an, thủ tục hành chính')).toBeUndefined();
    expect(detectLegacyEncoding('Plain ASCII text without marks')).toBeUndefined();
    // text typed without diacritics, with a few symbols, is not legacy text
    expect(detectLegacyEncoding('Trien khai «De an 06» theo ke hoach, dat muc tieu «100% ho so» va bao cao dinh ky cho Bo Cong an © 2024')).toBeUndefined();
  });

  it('a .VnTime DOCX is converted and read, with a warning; raw keeps the bytes as read', async () => {
    const result = await extract(file('legacy-tcvn3.docx'));
    const gold = JSON.parse(readFileSync(join(GEN, 'legacy-tcvn3.gold.json'), 'utf8')) as { rows: Array<{ content: string; lead: string }> };
    const rows = result.tables[0]!.rows;
    expect(rows.map((r) => r.content)).toEqual(gold.rows.map((g) => g.content));
    expect(rows.map((r) => r.lead)).toEqual(gold.rows.map((g) => g.lead));
    expect(rows[0]!.raw?.content).toContain('¸'); // as read
    expect(result.warnings.map((w) => w.code)).toContain('legacy_encoding_converted');
  });

  it('a VNI HTML body is converted', async () => {
    const result = await extract(file('legacy-vni.html'));
    expect(result.tables[0]!.columns.map((c) => c.role)).toEqual(['stt', 'content', 'lead', 'deadline']);
    expect(result.tables[0]!.rows.map((r) => r.content)).toEqual(['Rà soát, chuẩn hóa mẫu đơn, tờ khai', 'Kết nối dữ liệu dân cư']);
  });

  it('text that looks legacy but does not convert to Vietnamese words → ExtractError legacy_encoding', () => {
    const table: RawTable = { index: 0, grid: [[{ text: 'ª¬® ©ª« ¬®© ª¬® nhiÖm vô', raw: '' }]], sources: [{ row: 1 }] };
    let err: unknown;
    try {
      fixLegacyEncoding([table], '');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ExtractError);
    expect((err as ExtractError).code).toBe('legacy_encoding');
    // the catalogue's sentence (its fix names the Unicode conversion), then which encoding it was
    expect((err as ExtractError).messageVi.startsWith(sentence(FAILURES.legacy_encoding.what))).toBe(true);
    expect(FAILURES.legacy_encoding.fix).toContain('Unicode');
    expect((err as ExtractError).messageVi).toMatch(/TCVN3|VNI/);
  });
});
