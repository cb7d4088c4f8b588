/**
 * Gold for PDFs nobody here made (tests/fixtures/outside/*.gold.json, #14) and its scoring: shared by
 * `npm run bench:extract -- --outside DIR` and the tests.
 *
 * A gold file names the PDF (its source package and SHA-256) and, per table, a sample of its rows as printed:
 * the cells left to right, "" for an empty cell, header rows included. Scoring is on the reader's grids
 * (RawTable), before understanding, because these documents are not task reports:
 * - a gold table is matched to the extracted table holding most of its rows;
 * - a gold row is found when one row of that table holds at least half of its non-empty cells (as a set, any
 *   position), each extracted row used once;
 * - a cell is exact when the found row has the same text at the same position (NFC, whitespace folded; a
 *   covered cell counts as its master's text, so a header cell spread over two columns is wrong in both).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { nfc } from '#shared/domain/vietnamese';
import type { RawTable } from '#shared/extract/model';

export const OutsideGold = z.object({
  /** file name of the PDF in the directory given to the bench */
  file: z.string(),
  /** where it comes from: npm package@version and path inside it */
  source: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** who wrote the PDF (its Creator/Producer), as pdfinfo says */
  writer: z.string(),
  /** how this gold was made */
  method: z.string(),
  tables: z.array(z.object({
    /** "ruled" (rules between rows and columns, or a frame), "borderless" (no rules, or rules only above/below) */
    kind: z.enum(['ruled', 'borderless']),
    page: z.number().int().positive(),
    note: z.string().optional(),
    rows: z.array(z.array(z.string())).min(1),
  })).min(1),
});
export type OutsideGold = z.infer<typeof OutsideGold>;

export function loadOutsideGold(path: string): OutsideGold {
  return OutsideGold.parse(JSON.parse(readFileSync(path, 'utf8')));
}

const norm = (s: string): string => nfc(s).replace(/\s+/g, ' ').trim();

export interface TableScore {
  kind: 'ruled' | 'borderless';
  page: number;
  /** the gold table was found: some extracted table holds at least half of its rows */
  found: boolean;
  rows: number;
  rowsFound: number;
  cells: number;
  exact: number;
  /** a few wrong cells, for the bench's --verbose */
  wrong: Array<{ want: string[]; got: string[] | null }>;
}

function matchRows(gold: string[][], grid: string[][]): Array<number | null> {
  const used = new Set<number>();
  return gold.map((want) => {
    const need = want.map(norm).filter(Boolean);
    if (need.length === 0) return null;
    let best = -1;
    let bestScore = 0;
    grid.forEach((row, i) => {
      if (used.has(i)) return;
      const have = new Set(row.map(norm));
      const hits = need.filter((c) => have.has(c)).length;
      // position-exact cells break ties (a header row repeated on every page, rows with the same numbers)
      const same = want.filter((c, k) => norm(c) === norm(row[k] ?? '')).length;
      const sc = hits + same / (want.length + 1);
      if (hits * 2 >= need.length && sc > bestScore) { best = i; bestScore = sc; }
    });
    if (best < 0) return null;
    used.add(best);
    return best;
  });
}

/** Scores the extracted tables of one document against its gold. */
export function scoreOutside(tables: RawTable[], gold: OutsideGold): TableScore[] {
  const grids = tables.map((t) => t.grid.map((row) => row.map((c) => c.text)));
  return gold.tables.map((g) => {
    let bestRows: Array<number | null> = g.rows.map(() => null);
    let bestGrid: string[][] = [];
    for (const grid of grids) {
      const m = matchRows(g.rows, grid);
      if (m.filter((x) => x !== null).length > bestRows.filter((x) => x !== null).length) { bestRows = m; bestGrid = grid; }
    }
    const s: TableScore = { kind: g.kind, page: g.page, found: false, rows: g.rows.length, rowsFound: 0, cells: 0, exact: 0, wrong: [] };
    g.rows.forEach((want, k) => {
      const i = bestRows[k];
      const got = i === null ? null : bestGrid[i];
      if (got) s.rowsFound++;
      let ok = 0;
      want.forEach((c, j) => { if (got && norm(c) === norm(got[j] ?? '')) ok++; });
      // cells the reader put beyond the gold's last column are wrong too (a spurious column shifting values right)
      const extra = got ? got.slice(want.length).filter((c) => norm(c)).length : 0;
      s.cells += want.length;
      s.exact += Math.max(0, ok - extra);
      if (ok < want.length || extra) s.wrong.push({ want, got });
    });
    s.found = s.rowsFound * 2 >= s.rows;
    return s;
  });
}
