/**
 * A 100-page report (generated here, not committed): read whole, one table across all pages, rows against gold;
 * the page limit is checked before any page is read. Time and memory are measured by tests/fixtures/pdf/bench.ts.
 */
import { describe, expect, it } from 'vitest';
import { ExtractError, ExtractLimits } from '#shared/extract/model';
import { readPdf } from '#shared/extract/pdf';
import { reportPdf } from '../fixtures/pdf/generate';
import { score } from '../fixtures/pdf/score';

const limits = ExtractLimits.parse({});

describe('readPdf on a 100-page report', () => {
  for (const ruling of ['stroked', 'none'] as const) {
    it(`${ruling}: one table over every page, rows and content against gold`, async () => {
      const doc = await reportPdf({ ruling, rows: 900 });
      expect(doc.pages).toBeGreaterThanOrEqual(100);
      expect(doc.splitRows).toBeGreaterThan(0);
      const res = await readPdf(doc.bytes, limits);
      expect(res.pages).toBe(doc.pages);
      expect(res.tables).toHaveLength(1);
      const [t] = res.tables;
      expect(new Set(t.sources.map((s) => s.page)).size).toBe(doc.pages);
      // the header appears once: every repeat at the top of pages 2..n was dropped
      expect(t.grid.filter((r) => r[0].text === 'STT' && !r[0].covered)).toHaveLength(1);
      const s = score(res.tables, { rows: doc.gold });
      expect(s.recall).toBeGreaterThanOrEqual(0.98);
      expect(s.precision).toBeGreaterThanOrEqual(0.98);
      expect(s.exactShare).toBeGreaterThanOrEqual(0.97);
    }, 120_000);
  }

  it("over limits.maxPages: 'too_many_pages' straight after opening", async () => {
    const doc = await reportPdf({ ruling: 'filled', rows: 900 });
    const err = await readPdf(doc.bytes, { ...limits, maxPages: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExtractError);
    expect((err as ExtractError).code).toBe('too_many_pages');
    expect((err as ExtractError).details.pages).toBe(doc.pages);
  }, 120_000);
});
