/**
 * Scoring extracted rows against a `*.gold.json` answer file (shared by the tests and `npm run bench:extract`).
 * Content is compared after NFC + whitespace folding. A gold row is "found" when some task row's content matches
 * it well (token overlap ≥ 0.6, each extracted row used once); "exact" when that content is equal.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { nfc } from '#shared/domain/vietnamese';
import type { ExtractResult } from '#shared/extract/model';
import type { ReportRow } from '#shared/domain/row';

export const GoldFile = z.object({
  file: z.string(),
  agency: z.string().optional(),
  variant: z.string().optional(),
  rows: z.array(z.object({ task: z.string().nullish(), status: z.string().nullish(), deadline: z.string().nullish(), content: z.string() })),
});
export type GoldFile = z.infer<typeof GoldFile>;

export function loadGold(path: string): GoldFile {
  return GoldFile.parse(JSON.parse(readFileSync(path, 'utf8')));
}

const tokens = (s: string) => new Set(nfc(s).toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean));

function overlap(a: string, b: string): number {
  const A = tokens(a);
  const B = tokens(b);
  if (!A.size || !B.size) return 0;
  let n = 0;
  for (const t of A) if (B.has(t)) n++;
  return n / Math.max(A.size, B.size);
}

export interface Score {
  gold: number;
  extracted: number;
  found: number;
  exact: number;
  missing: string[];
  inexact: Array<{ gold: string; got: string }>;
}

export function taskRows(result: ExtractResult): ReportRow[] {
  return result.tables.filter((t) => t.kind === 'tasks').flatMap((t) => t.rows);
}

export function score(result: ExtractResult, gold: GoldFile): Score {
  const rows = taskRows(result);
  const used = new Set<number>();
  const s: Score = { gold: gold.rows.length, extracted: rows.length, found: 0, exact: 0, missing: [], inexact: [] };
  for (const g of gold.rows) {
    const want = nfc(g.content);
    let best = -1;
    let bestScore = 0;
    rows.forEach((r, i) => {
      if (used.has(i)) return;
      const got = nfc(r.content ?? '');
      const sc = got === want ? 2 : overlap(got, want);
      if (sc > bestScore) {
        bestScore = sc;
        best = i;
      }
    });
    if (best < 0 || bestScore < 0.6) {
      s.missing.push(want);
      continue;
    }
    used.add(best);
    s.found++;
    if (bestScore === 2) s.exact++;
    else s.inexact.push({ gold: want, got: nfc(rows[best]!.content ?? '') });
  }
  return s;
}
