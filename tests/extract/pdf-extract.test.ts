/**
 * PDFs end to end through extract() (detect → readPdf → understand/): every gold row of the real reports and of
 * the generated ones comes out as one task row with its content as written, and the rows split by a page break
 * come out merged with the provenance of both pages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nfc } from '#shared/domain/vietnamese';
import { extract } from '#shared/extract';

const fixtures = [
  ...['bhxh', 'ubnd-hue', 'bo-noi-vu', 'bo-cong-thuong'].map((f) => join(__dirname, '../fixtures/reports', f)),
  ...['stroked', 'filled', 'none'].map((f) => join(__dirname, '../fixtures/pdf', f)),
];

describe('extract() on PDFs', () => {
  for (const base of fixtures) {
    it(`${base.split('/').pop()}.pdf: task rows equal the gold rows, in order`, async () => {
      const bytes = new Uint8Array(readFileSync(`${base}.pdf`));
      const res = await extract({ bytes, name: `${base.split('/').pop()}.pdf` });
      expect(res.format).toBe('pdf');
      const gold = (JSON.parse(readFileSync(`${base}.gold.json`, 'utf8')) as { rows: Array<{ content: string }> }).rows;
      const rows = res.tables.filter((t) => t.kind === 'tasks').flatMap((t) => t.rows);
      expect(rows.map((r) => nfc(r.content ?? ''))).toEqual(gold.map((g) => nfc(g.content)));
      for (const r of rows) expect(r.source.page).toBeGreaterThanOrEqual(1);
    });
  }

  it('a row split by a page break comes out as one row carrying both pages', async () => {
    const res = await extract({ bytes: new Uint8Array(readFileSync(join(__dirname, '../fixtures/pdf/stroked.pdf'))), name: 'stroked.pdf' });
    const split = res.tables.flatMap((t) => t.rows).filter((r) => new Set((r.source.rows ?? []).map((x) => x.page)).size > 1);
    expect(split).toHaveLength(1);
    expect(split[0].source.rows!.map((x) => x.page)).toEqual([1, 2]);
  });

  it('TCVN3 text in a PDF is converted to Unicode by extract()', async () => {
    const res = await extract({ bytes: new Uint8Array(readFileSync(join(__dirname, '../fixtures/pdf/tcvn3.pdf'))), name: 'tcvn3.pdf' });
    const leads = res.tables.flatMap((t) => t.rows.map((r) => r.lead));
    expect(leads).toContain('Bộ Công an');
    expect(res.warnings.map((w) => w.code)).toContain('legacy_encoding_converted');
  });

  it.each([
    ['scanned.pdf', 'no_text'],
    ['encrypted.pdf', 'encrypted'],
    ['corrupt.pdf', 'corrupt'],
  ])('%s fails with %s', async (file, code) => {
    const bytes = new Uint8Array(readFileSync(join(__dirname, '../fixtures/pdf', file)));
    await expect(extract({ bytes, name: file })).rejects.toMatchObject({ code });
  });
});
