/**
 * Bad input gets a typed ExtractError with a Vietnamese and an English message — never a crash or a hang.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract, readTables } from '#shared/extract';
import { ExtractError, type ExtractErrorCode } from '#shared/extract/model';
import { sizeLabel } from '#shared/domain/labels';
import { FAILURES, sentence } from '#shared/domain/failures';

const GEN = join(__dirname, '../fixtures/generated');
const file = (name: string, as = name) => ({ bytes: new Uint8Array(readFileSync(join(GEN, name))), name: as });

async function failure(p: Promise<unknown>): Promise<ExtractError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ExtractError);
    const e = err as ExtractError;
    expect(e.message.length).toBeGreaterThan(10);
    expect(e.messageVi).toMatch(/[ăâđêôơưạ-ỹ]/); // Vietnamese, with diacritics
    return e;
  }
  throw new Error('expected an ExtractError');
}

const cases: Array<[string, ExtractErrorCode, string?]> = [
  ['empty.docx', 'empty'],
  ['truncated.docx', 'corrupt'],
  ['garbage.xlsx', 'corrupt'],
  ['encrypted.docx', 'encrypted'],
  ['legacy.doc', 'unsupported_type'],
  ['bomb-claimed.xlsx', 'zip_bomb'],
  ['bomb-ratio.docx', 'zip_bomb'],
  ['no-table.docx', 'no_table'],
  ['image.docx', 'type_mismatch'],
];

describe('bad input → typed errors', () => {
  for (const [name, code] of cases) {
    it(`${name} → ${code}`, async () => {
      const e = await failure(extract(file(name)));
      expect(e.code).toBe(code);
    });
  }

  it('a legacy .doc asks to save as .docx', async () => {
    const e = await failure(extract(file('legacy.doc')));
    expect(e.messageVi).toContain('.docx');
    expect(e.message).toContain('save it as .docx');
  });

  it('an encrypted document renamed .xlsx is still reported as encrypted', async () => {
    expect((await failure(extract(file('encrypted.docx', 'bao-cao.xlsx')))).code).toBe('encrypted');
  });

  it('the zip-bomb check reads the central directory only (its speed: npm run bench:limits)', async () => {
    const e = await failure(extract(file('bomb-claimed.xlsx')));
    expect(e.code).toBe('zip_bomb');
    expect(e.details.uncompressedBytes).toBeGreaterThan(1e9);
  });

  it('limits can be tightened per call (bytes) and by environment', async () => {
    expect((await failure(extract(file('report-merged.docx'), { limits: { maxBytes: 1000 } }))).code).toBe('too_large');
    process.env.INTAKE_MAX_UNCOMPRESSED_BYTES = '1000';
    try {
      expect((await failure(extract(file('report-merged.docx')))).code).toBe('zip_bomb');
    } finally {
      delete process.env.INTAKE_MAX_UNCOMPRESSED_BYTES;
    }
  });

  it('DOCX/XLSX content XML over the reading limit → too_large (bounds exceljs/mammoth memory)', async () => {
    const e = await failure(extract(file('rows-100.xlsx'), { limits: { maxContentXmlBytes: 10_000 } }));
    expect(e.code).toBe('too_large');
    expect(e.details.contentXmlBytes).toBeGreaterThan(10_000);
  });

  it('reading past the time limit → timeout', async () => {
    expect((await failure(extract(file('rows-100.docx'), { limits: { timeoutMs: 1 } }))).code).toBe('timeout');
  });

  it('a file whose extension lies is read by its real type, with a type_mismatch warning', async () => {
    const result = await extract(file('lying.pdf'));
    expect(result.format).toBe('docx');
    expect(result.warnings.map((w) => w.code)).toContain('type_mismatch');
    expect(result.tables.filter((t) => t.kind === 'tasks')).toHaveLength(2);
  });

  it('readTables gives the grids before understanding', async () => {
    const tables = await readTables(file('report-merged.docx'));
    expect(tables).toHaveLength(4);
    expect(tables[0]!.grid[0]![5]).toMatchObject({ text: 'Kết quả' });
    expect(tables[0]!.grid[0]![6]).toMatchObject({ text: 'Kết quả', covered: true, span: 'col' });
    expect(tables[0]!.grid[1]![0]).toMatchObject({ text: 'STT', covered: true, span: 'row' });
  });
});

describe('limit messages read well at any size', () => {
  it('names sizes in a fitting unit with a Vietnamese decimal comma, and short timeouts in ms', async () => {
    const bytes = new Uint8Array(readFileSync(join(__dirname, '../fixtures/reports/bhxh.pdf')));
    const small = await extract({ bytes, name: 'bhxh.pdf' }, { limits: { maxBytes: 100 } }).catch((e: unknown) => e as ExtractError);
    expect((small as ExtractError).code).toBe('too_large');
    // the catalogue's sentence, then the facts: the size in a fitting unit, the limit
    expect((small as ExtractError).messageVi.startsWith(`${sentence(FAILURES.too_large.what)} `)).toBe(true);
    expect((small as ExtractError).messageVi).toMatch(/ Dung lượng tệp: \d+(,\d)? KB; giới hạn: 100 byte\.$/);
    expect((small as ExtractError).messageVi).not.toContain('0.0 MB');
    expect(sizeLabel(1.5 * 1024 * 1024, 'vi')).toBe('1,5 MB');
    expect(sizeLabel(12 * 1024 ** 3, 'en')).toBe('12 GB');
    const slow = await extract({ bytes, name: 'bhxh.pdf' }, { limits: { timeoutMs: 1 } }).catch((e: unknown) => e as ExtractError);
    expect((slow as ExtractError).code).toBe('timeout');
    expect((slow as ExtractError).messageVi.startsWith(sentence(FAILURES.timeout.what))).toBe(true);
    expect((slow as ExtractError).messageVi).toContain('1 mili giây');
    expect((slow as ExtractError).messageVi).not.toContain('0 giây');
  });
});
