/**
 * The scoring of `npm run bench:extract -- --outside` (testkit/outside.ts, #14): found rows, exact cells by
 * position, a spurious column and a merged header cell counted wrong, the committed gold files well-formed.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RawTable } from '#shared/extract/model';
import { loadOutsideGold, scoreOutside, type OutsideGold } from '#testkit/outside';

const table = (rows: string[][]): RawTable => ({
  index: 0,
  grid: rows.map((r) => r.map((text) => ({ text, raw: text }))),
  sources: rows.map(() => ({ page: 1 })) as unknown as RawTable['sources'],
});
const gold = (rows: string[][]): OutsideGold => ({ file: 'x.pdf', source: 's', sha256: '0'.repeat(64), writer: 'w', method: 'm', tables: [{ kind: 'borderless', page: 1, rows }] });
const want = [['County', 'Precincts', 'Total'], ['Apache', '44', '52,297'], ['', '44', '52,017']];

describe('outside gold scoring', () => {
  it('a table read right scores every row and cell', () => {
    const [s] = scoreOutside([table(want)], gold(want));
    expect(s).toMatchObject({ found: true, rows: 3, rowsFound: 3, cells: 9, exact: 9 });
  });

  it('a spurious column shifting values right, and two headers in one cell, are wrong cells', () => {
    const got = [['County Precincts', 'County Precincts', 'Total'], ['Apache', '', '44', '52,297'], ['', '44', '52,017']];
    const [s] = scoreOutside([table(got)], gold(want));
    expect(s.rowsFound).toBe(2); // the header row holds none of its cells as such
    expect(s.exact).toBe(3); // the last row only; the shifted row has a value beyond the gold's last column
  });

  it('rows run together are not found', () => {
    const [s] = scoreOutside([table([want[0]!, ['Apache', '44 44', '52,297 52,017']])], gold(want));
    expect(s.rowsFound).toBe(1); // the header only: "Apache" alone is not half of its row
    expect(s.found).toBe(false);
  });

  it('every committed gold file parses and names a PDF', () => {
    const dir = join(import.meta.dirname, '../fixtures/outside');
    const files = readdirSync(dir).filter((f) => f.endsWith('.gold.json'));
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const f of files) expect(loadOutsideGold(join(dir, f)).file).toMatch(/\.pdf$/);
  });
});
