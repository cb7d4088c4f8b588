import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { seedPath } from '#shared/domain/seeds';
import { Corrections, correctionsFor, directiveSlug, readRegistry } from '#shared/registry';
import { SEED_SOURCES } from '#shared/registry/seed-sources';
import type { Task } from '#shared/domain/task';

const src175 = SEED_SOURCES.find((s) => s.directive === '175/NQ-CP')!;
const bytes = readFileSync(seedPath('sources', src175.source));
const none: Corrections = { directive: '175/NQ-CP', source: src175.source, reviewed: { by: 'test', at: '2026-01-01' }, tasks: {} };

function cellOf(t: Task, field: string): string {
  switch (field) {
    case 'content': return t.content;
    case 'lead': return t.lead.raw;
    case 'coord': return t.coord?.raw ?? '';
    case 'deadline': return t.deadline.raw;
    case 'product': return t.product ?? '';
    default: throw new Error(field);
  }
}

describe('hand corrections (seeds/registry/corrections/)', () => {
  const committed = correctionsFor('175/NQ-CP')!;

  it('exist only for NQ 175 (seed 001 Phụ lục 02), each with a reason, pinned to 14 tasks', () => {
    expect(Object.keys(committed.tasks).sort()).toEqual([
      '175/NQ-CP:I.10', '175/NQ-CP:I.16', '175/NQ-CP:I.17', '175/NQ-CP:I.18',
      '175/NQ-CP:II.1', '175/NQ-CP:II.10', '175/NQ-CP:II.11', '175/NQ-CP:II.2', '175/NQ-CP:II.25',
      '175/NQ-CP:II.28', '175/NQ-CP:II.3', '175/NQ-CP:II.35', '175/NQ-CP:II.4', '175/NQ-CP:III.3',
    ]);
    for (const e of Object.values(committed.tasks)) expect(e.why.length).toBeGreaterThan(20);
    for (const d of ['04/CT-TTg', '05/CT-TTg', '142/QĐ-VPCP']) expect(correctionsFor(d)).toBeUndefined();
    expect(directiveSlug('142/QĐ-VPCP')).toBe('142-QD-VPCP');
  });

  it('each is still needed: without it the reader gives something else, with it the task has the stated text', async () => {
    const raw = await readRegistry({ name: src175.source, bytes }, { directive: '175/NQ-CP', tables: src175.tables, corrections: none });
    const fixed = await readRegistry({ name: src175.source, bytes }, { directive: '175/NQ-CP', tables: src175.tables });
    expect(raw.tasks.map((t) => t.id)).toEqual(fixed.tasks.map((t) => t.id));
    for (const [id, entry] of Object.entries(committed.tasks)) {
      const before = raw.tasks.find((t) => t.id === id)!;
      const after = fixed.tasks.find((t) => t.id === id)!;
      for (const [field, value] of Object.entries(entry.set)) {
        expect(cellOf(before, field), `${id} ${field}`).not.toBe(value);
        expect(cellOf(after, field), `${id} ${field}`).toBe(value);
      }
    }
    expect(fixed.warnings.filter((w) => w.code === 'corrected')).toHaveLength(14);
    // the row without STT between II.15 and II.16 is not imported, and said so
    expect(fixed.warnings.filter((w) => w.code === 'no_stt').map((w) => w.row)).toEqual([394]);
    // and row II.24 holds only an agency
    expect(fixed.warnings.filter((w) => w.code === 'no_content').map((w) => w.row)).toEqual([403]);
  });

  it('splits the two TB 2513 tasks merged in one cell (I.17 / I.18), as seed 002 lists them', async () => {
    const fixed = await readRegistry({ name: src175.source, bytes }, { directive: '175/NQ-CP', tables: src175.tables });
    const i17 = fixed.tasks.find((t) => t.id === '175/NQ-CP:I.17')!;
    const i18 = fixed.tasks.find((t) => t.id === '175/NQ-CP:I.18')!;
    expect(i17.content).toMatch(/^Dự kiến di chuyển hạ tầng cũ .* chuyển hạ tầng$/);
    expect(i18.content).toMatch(/^Rà soát, phối hợp với đơn vị thường trực Bộ Công an \(C06\)/);
    expect(i18.lead.ids).toEqual(['bo-thong-tin-va-truyen-thong']);
    expect([i17.deadline.due, i18.deadline.due]).toEqual(['2024-04-30', '2024-04-30']);
  });

  it('a correction that matches no task is reported', async () => {
    const stray: Corrections = { ...none, tasks: { '175/NQ-CP:IX.99': { why: 'no such task in the source', set: { deadline: 'Quý I/2024' } } } };
    const r = await readRegistry({ name: src175.source, bytes }, { directive: '175/NQ-CP', tables: src175.tables, corrections: stray });
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'corrected', taskId: '175/NQ-CP:IX.99' }));
  });

  it('rejects a correction file with unknown fields', () => {
    const bad = { ...none, tasks: { x: { why: 'because it is wrong', set: { status: 'done' } } } };
    expect(Corrections.safeParse(bad).success).toBe(false);
  });
});
