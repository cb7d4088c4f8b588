/** The matcher's reasons and the agency's source, as the secretariat reads them (`intake match`, `intake review list`). */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '#shared/extract';
import { detectAgency, matchReport } from '#shared/match';
import { agencySourceVi, whyVi } from '#shared/match/explain';
import { seedRegistry } from '#shared/registry';

const DIR = 'tests/fixtures/reports';
const ENGLISH = /\b(same|text|deadline|refs|agency|registry|task|title|column|rows|file name|not found|before|another|lead|coordinates|recurring|roadmap|section)\b/i;

describe('reasons in Vietnamese', () => {
  it('every reason the matcher gives on the sample reports, and how their agency was found, reads in Vietnamese', async () => {
    const tasks = seedRegistry();
    const whys = new Set<string>();
    const hows = new Set<string>();
    for (const name of readdirSync(DIR).filter((f) => /\.(docx|xlsx|pdf)$/.test(f))) {
      const result = await extract({ bytes: new Uint8Array(readFileSync(join(DIR, name))), name });
      const found = detectAgency(result, name);
      hows.add(found.how);
      const rows = result.tables.filter((t) => t.kind === 'tasks').flatMap((t) => t.rows.map((r) => ({ ...r, table: t.index })));
      for (const { match } of matchReport({ rows, agencyId: found.agencyId, reportDate: '2024-06-20' }, tasks)) {
        for (const c of match.candidates) for (const w of c.why ?? []) whys.add(w);
      }
    }
    expect(whys.size).toBeGreaterThan(10);
    for (const w of whys) expect(whyVi(w), w).not.toMatch(ENGLISH);
    for (const h of [...hows, 'file name: "bo-y-te"', 'not found in the title, the agency column or the file name']) {
      expect(agencySourceVi(h), h).not.toMatch(ENGLISH);
    }
  }, 120_000);

  it('keeps the figures and names of a reason', () => {
    expect(whyVi('deadline: 2024-06 ≠ 2024-12')).toBe('thời hạn: 06/2024 khác 12/2024');
    expect(whyVi('deadline: 2023 ≠ 2024')).toBe('thời hạn: 2023 khác 2024');
    expect(whyVi('deadline 2023-03 is before the directive (2024-02-11)')).toBe('thời hạn 03/2023 sớm hơn ngày ban hành văn bản (11/02/2024)');
    expect(whyVi('refs: 04/CT-TTg')).toBe('căn cứ: 04/CT-TTg');
    expect(whyVi('text: shortened task (0.81)')).toBe('nội dung: nhiệm vụ viết gọn (0,81)');
    expect(agencySourceVi('title: "Bộ Nội vụ"')).toBe('từ tiêu đề');
    expect(agencySourceVi('agency column: "Bảo hiểm xã hội Việt Nam" in 12/12 rows')).toBe('từ cột cơ quan: 12/12 dòng');
    // a reason not known here is shown as it is, never dropped
    expect(whyVi('something new')).toBe('something new');
  });
});
