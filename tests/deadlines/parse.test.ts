/**
 * parseDeadline: every form named in issue 4, every deadline cell of the seeds (registry appendices, the
 * secretariat's list in seed 002, the agency reports' gold answers), text without diacritics, OCR slips, wrapping.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Deadline } from '#shared/domain/task';
import { isOverdue, lateSince, parseDeadline } from '#shared/deadlines';
import { fold } from '#shared/domain/vietnamese';

const root = join(__dirname, '..', '..');

type Expect = Partial<Pick<Deadline, 'kind' | 'due' | 'start' | 'targetYear'>>;

/** The forms issue 4 lists, with what they must mean. */
const FORMS: Array<[string, Expect]> = [
  ['Tháng 01/2024', { kind: 'month', start: '2024-01-01', due: '2024-01-31' }],
  ['T6/2024', { kind: 'month', start: '2024-06-01', due: '2024-06-30' }],
  ['06/2024', { kind: 'month', due: '2024-06-30' }],
  ['tháng 6 năm 2024', { kind: 'month', due: '2024-06-30' }],
  ['Quý I/2024', { kind: 'quarter', start: '2024-01-01', due: '2024-03-31' }],
  ['Quý 3/2024', { kind: 'quarter', start: '2024-07-01', due: '2024-09-30' }],
  ['Năm 2024', { kind: 'year', start: '2024-01-01', due: '2024-12-31', targetYear: 2024 }],
  ['Hoàn thành trong năm 2024', { kind: 'year', due: '2024-12-31' }],
  ['15/12/2023', { kind: 'date', due: '2023-12-15' }],
  ['Trước ngày 01/7/2024', { kind: 'before', due: '2024-06-30' }],
  ['Hoàn thành trước tháng 30/11/2024', { kind: 'before', due: '2024-11-29' }],
  ['2024-2025', { kind: 'range', start: '2024-01-01', due: '2025-12-31' }],
  ['Từ Quý IV/2024', { kind: 'start_from', start: '2024-10-01' }],
  ['Từ tháng 02/2023', { kind: 'start_from', start: '2023-02-01' }],
  ['Thường xuyên', { kind: 'recurring' }],
  ['Thực hiện thường xuyên khi có hồ sơ phát sinh', { kind: 'recurring' }],
  ['Theo lộ trình của Đề án do Bộ Công an đề xuất', { kind: 'roadmap' }],
  ['Đề ra lộ trình hoàn thành đến năm 2025', { kind: 'roadmap', targetYear: 2025 }],
  ['Thí điểm trong tháng 6/2024, triển khai toàn quốc từ năm học 2024 - 2025', { kind: 'compound', due: '2024-06-30' }],
  ['Quý II/2024.', { kind: 'quarter', start: '2024-04-01', due: '2024-06-30' }],
];

describe('the forms of issue 4', () => {
  it.each(FORMS)('%s', (text, want) => {
    const d = parseDeadline(text);
    expect(d).toMatchObject(want);
    expect(d.raw).toBe(text);
    expect(Deadline.safeParse(d).success).toBe(true);
  });

  it('recurring and roadmap deadlines have no due date', () => {
    for (const t of ['Thường xuyên', 'Theo lộ trình của Đề án do Bộ Công an đề xuất', 'Đề ra lộ trình hoàn thành đến năm 2025']) {
      expect(parseDeadline(t).due).toBeUndefined();
    }
  });

  it('a pilot then a national roll-out is two milestones', () => {
    const d = parseDeadline('Thí điểm trong tháng 6/2024, triển khai toàn quốc từ năm học 2024 - 2025');
    expect(d.milestones).toEqual([
      { label: 'Thí điểm trong tháng 6/2024', start: '2024-06-01', due: '2024-06-30' },
      { label: 'triển khai toàn quốc từ năm học 2024 - 2025', start: '2024-09-05' },
    ]);
  });

  it('text wrapped over lines reads the same', () => {
    expect(parseDeadline('Tháng \n3/2024')).toMatchObject({ kind: 'month', due: '2024-03-31' });
    expect(parseDeadline('Thực hiện thường\nxuyên')).toMatchObject({ kind: 'recurring' });
    expect(parseDeadline('Theo lộ\ntrình đề\nán 06')).toMatchObject({ kind: 'roadmap' });
    expect(parseDeadline('Quý\nII/2024')).toMatchObject({ kind: 'quarter', due: '2024-06-30' });
    expect(parseDeadline('Hoàn thành trước\nngày 01/7/2024')).toMatchObject({ kind: 'before', due: '2024-06-30' });
  });

  it('text typed without diacritics or with OCR slips reads the same', () => {
    const cases: Array<[string, Expect]> = [
      ['Thang 6/2024', { kind: 'month', due: '2024-06-30' }],
      ['thang 12 nam 2024', { kind: 'month', due: '2024-12-31' }],
      ['Quy II/2024', { kind: 'quarter', due: '2024-06-30' }],
      ['Qúy l/2024', { kind: 'quarter', due: '2024-03-31' }], // l for I
      ['QUÝ IV NĂM 2024', { kind: 'quarter', due: '2024-12-31' }],
      ['Truoc ngay 01/7/2024', { kind: 'before', due: '2024-06-30' }],
      ['Hoan thanh truoc thang 6/2024', { kind: 'before', due: '2024-05-31' }],
      ['Thuc hien thuong xuyen', { kind: 'recurring' }],
      ['De ra lo trinh hoan thanh den nam 2025', { kind: 'roadmap', targetYear: 2025 }],
      ['Theo lo trinh Bo Cong an de xuat', { kind: 'roadmap' }],
      ['THEO LỢI TRÌNH', { kind: 'roadmap' }], // OCR "LỢI TRÌNH" for "LỘ TRÌNH"
      ['Tu thang 02/2023', { kind: 'start_from', start: '2023-02-01' }],
      ['Tháng 6/2O24', { kind: 'month', due: '2024-06-30' }], // letter O for zero
    ];
    for (const [t, want] of cases) expect(parseDeadline(t), t).toMatchObject(want);
  });
});

describe('more forms people write', () => {
  it.each<[string, Expect]>([
    ['Trước năm 2025', { kind: 'before', due: '2024-12-31' }],
    ['Trong Quý II/2025', { kind: 'quarter', due: '2025-06-30' }],
    ['Quý IV năm 2024', { kind: 'quarter', due: '2024-12-31' }],
    ['11/2023', { kind: 'month', due: '2023-11-30' }],
    ['01/06/2024', { kind: 'date', due: '2024-06-01' }],
    ['30/5/2024', { kind: 'date', due: '2024-05-30' }],
    ['ngày 15 tháng 12 năm 2023', { kind: 'date', due: '2023-12-15' }],
    ['2024-06-30', { kind: 'date', due: '2024-06-30' }],
    ['Tháng 02/2024', { kind: 'month', due: '2024-02-29' }], // leap year
    ['Tháng 02/2023', { kind: 'month', due: '2023-02-28' }],
    ['6 tháng đầu năm 2024', { kind: 'range', start: '2024-01-01', due: '2024-06-30' }],
    ['Từ tháng 3/2024 đến tháng 6/2024', { kind: 'range', start: '2024-03-01', due: '2024-06-30' }],
    ['Giai đoạn 2023 - 2025', { kind: 'range', start: '2023-01-01', due: '2025-12-31' }],
    ['năm học 2024 - 2025', { kind: 'range', start: '2024-09-05', due: '2025-05-31' }],
    ['Thường xuyên trong 2024, 2025', { kind: 'recurring', start: '2024-01-01', targetYear: 2025 }],
    ['Trong quá trình thực hiện Đề án', { kind: 'recurring' }],
    ['Hàng tháng', { kind: 'recurring' }],
    ['Theo tiến độ, yêu cầu tại Quyết định số 766/QĐ-TTg', { kind: 'roadmap' }],
    ['NQ 175 Quý IV/2023', { kind: 'quarter', due: '2023-12-31' }],
    ['Quý I, II/2024', { kind: 'range', start: '2024-01-01', due: '2024-06-30' }],
    ['Quý I-II/2024', { kind: 'range', start: '2024-01-01', due: '2024-06-30' }],
    ['Tháng 6-7/2024', { kind: 'range', start: '2024-06-01', due: '2024-07-31' }],
    ['tháng 6 và 7/2024', { kind: 'range', start: '2024-06-01', due: '2024-07-31' }],
    ['Tháng 11/2024 - 02/2025', { kind: 'range', start: '2024-11-01', due: '2025-02-28' }],
    ['Trong năm 2024 và 2025', { kind: 'range', start: '2024-01-01', due: '2025-12-31' }],
    ['Chậm nhất ngày 30/6/2024', { kind: 'date', due: '2024-06-30' }],
    ['Đến hết năm 2024', { kind: 'year', due: '2024-12-31' }],
    ['Định kỳ 6 tháng', { kind: 'recurring' }],
    ['Q1/2024', { kind: 'quarter', due: '2024-03-31' }],
  ])('%s', (text, want) => {
    expect(parseDeadline(text)).toMatchObject(want);
  });

  it('dates inside document references are not deadlines', () => {
    const a = parseDeadline('Theo tiến độ của Nghị quyết số 50/NQ-CP ngày 08/4/2022 và Nghị định số 107/2021/NĐ-CP ngày 06/12/2021');
    expect(a).toMatchObject({ kind: 'roadmap' });
    expect(a.due).toBeUndefined();
    expect(a.targetYear).toBeUndefined();
    const b = parseDeadline('Theo lộ trình trong Quyết định 206/QĐ-TTg ngày 28/2/2024');
    expect(b.kind).toBe('roadmap');
    expect(b.targetYear).toBeUndefined();
  });

  it('two dated parts are milestones; the last one is the due date', () => {
    const d = parseDeadline('Tháng 6/2024, 12/2024');
    expect(d).toMatchObject({ kind: 'compound', start: '2024-06-01', due: '2024-12-31' });
    expect(d.milestones?.map((m) => m.due)).toEqual(['2024-06-30', '2024-12-31']);
  });

  it('a dated part and a roadmap part make a compound deadline due at the dated part', () => {
    const d = parseDeadline('Hoàn thành trong Quý IV năm 2024 và theo lộ trình triển khai các Trung tâm dữ liệu theo Nghị quyết số 175/NQ-CP của Chính phủ');
    expect(d.kind).toBe('compound');
    expect(d.due).toBe('2024-12-31');
    expect(d.milestones).toHaveLength(2);
    expect(d.milestones![1]!.due).toBeUndefined();
    const e = parseDeadline('Theo lộ trình triển khai Đề án, đối với Trung tâm dữ liệu quốc gia số 1 hoàn thành trước năm 2025');
    expect(e).toMatchObject({ kind: 'compound', due: '2024-12-31' });
  });

  it('a missing year comes from the reference date, and without one the form stays unknown', () => {
    expect(parseDeadline('Tháng 12', { reference: '2024-02-11' })).toMatchObject({ kind: 'month', due: '2024-12-31' });
    expect(parseDeadline('Quý IV', { reference: '2023-02-23' })).toMatchObject({ kind: 'quarter', due: '2023-12-31' });
    expect(parseDeadline('Trước ngày 15/7', { reference: '2024-03-16' })).toMatchObject({ kind: 'before', due: '2024-07-14' });
    expect(parseDeadline('Tháng 12').kind).toBe('unknown');
  });

  it('unknown forms keep their raw text and never throw', () => {
    const odd = ['', '   ', 'Bộ Công an, Bộ Tài chính', 'Thời gian hoàn thành', '31/02/2024', '13/2024', 'Quý V/2024', '¯\\_(ツ)_/¯',
      '9'.repeat(5000), 'tháng '.repeat(2000), '\u0000\u0301', null as unknown as string, 42 as unknown as string];
    for (const t of odd) {
      const d = parseDeadline(t);
      expect(Deadline.safeParse(d).success).toBe(true);
      if (typeof t === 'string' && !/\d/.test(t)) expect(d.kind).toBe('unknown');
    }
    expect(parseDeadline('31/02/2024').kind).not.toBe('date');
    expect(parseDeadline('Bộ Công an, Bộ Tài chính')).toEqual({ kind: 'unknown', raw: 'Bộ Công an, Bộ Tài chính' });
  });

  it('keeps the raw text exactly, HTML and all', () => {
    const raw = '<p>Tháng 4/2024</p>';
    expect(parseDeadline(raw)).toMatchObject({ kind: 'month', due: '2024-04-30', raw });
  });
});

describe('every deadline cell in the seeds', () => {
  const cells = new Set<string>();
  // the directives' appendices, as the registry holds them (raw text of the cell)
  for (const f of readdirSync(join(root, 'seeds', 'registry')).filter((x) => x.endsWith('.json'))) {
    const data = JSON.parse(readFileSync(join(root, 'seeds', 'registry', f), 'utf8')) as { tasks: Array<{ deadline: { raw: string } }> };
    for (const t of data.tasks) if (t.deadline.raw.trim()) cells.add(t.deadline.raw);
  }
  // the secretariat's list of late tasks (seed 002): column "Thời gian hoàn thành"
  for (const line of readFileSync(join(root, 'seeds', 'sources', '002_5d4564070445dda2.txt'), 'utf8').split('\n')) {
    const c = line.split('\t');
    if (c.length >= 5 && c[4]!.trim() && c[4] !== 'Thời gian hoàn thành') cells.add(c[4]!);
  }
  // the agency reports' deadlines as written (gold answers)
  const fx = join(root, 'tests', 'fixtures', 'reports');
  for (const f of readdirSync(fx).filter((x) => x.endsWith('.gold.json'))) {
    const gold = JSON.parse(readFileSync(join(fx, f), 'utf8')) as { rows: Array<{ deadline?: string }> };
    for (const r of gold.rows) if (r.deadline?.trim()) cells.add(r.deadline);
  }

  it('finds the cells', () => {
    expect(cells.size).toBeGreaterThan(80);
  });

  it('parses every one of them to a known kind', () => {
    const unknown = [...cells].filter((c) => parseDeadline(c).kind === 'unknown');
    expect(unknown).toEqual([]);
  });

  it('reads the same without diacritics, in capitals, and wrapped over lines', () => {
    const key = (t: string) => { const { raw: _raw, milestones, ...d } = parseDeadline(t); return JSON.stringify([d, milestones?.map((m) => [m.due, m.start])]); };
    for (const c of cells) {
      const want = key(c);
      expect(key(fold(c)), fold(c)).toBe(want);
      expect(key(c.toUpperCase()), c.toUpperCase()).toBe(want);
      expect(key(c.replace(/ /g, (sp, i: number) => (i % 3 === 0 ? '\n' : sp))), 'wrapped').toBe(want);
    }
  });

  it('gives dated kinds a due date inside the period they name', () => {
    for (const c of cells) {
      const d = parseDeadline(c);
      expect(Deadline.safeParse(d).success, c).toBe(true);
      if (['date', 'month', 'quarter', 'year', 'range', 'before'].includes(d.kind)) {
        expect(d.due, c).toMatch(/^20\d\d-\d\d-\d\d$/);
        expect(Number(d.due!.slice(0, 4)), c).toBeGreaterThanOrEqual(2022);
        expect(Number(d.due!.slice(0, 4)), c).toBeLessThanOrEqual(2030);
        if (d.start) expect(d.start <= d.due!, c).toBe(true);
      }
    }
  });
});

describe('lateSince / isOverdue', () => {
  it('labels a late task by the month it was due, as the secretariat\'s list does (one convention everywhere)', () => {
    expect(lateSince(parseDeadline('Tháng 3/2024'))).toBe('2024-03');
    expect(lateSince(parseDeadline('Quý IV/2023'))).toBe('2023-12');
    expect(lateSince(parseDeadline('Trước ngày 01/7/2024'))).toBe('2024-06');
    expect(lateSince(parseDeadline('30/6/2024'))).toBe('2024-06');
    expect(lateSince(parseDeadline('Thường xuyên'))).toBeUndefined();
  });

  it('is overdue only after the due date', () => {
    const d = parseDeadline('Tháng 6/2024');
    expect(isOverdue(d, '2024-06-30')).toBe(false);
    expect(isOverdue(d, '2024-07-01')).toBe(true);
    expect(isOverdue(parseDeadline('Thường xuyên'), '2030-01-01')).toBe(false);
  });
});

describe('dates without a year under "hằng năm" repeat every year', () => {
  it('"Trước ngày 15/6 và 15/12 hằng năm" is recurring (no due), even with a reference year to fill dates', () => {
    for (const text of ['Trước ngày 15/6 và 15/12 hằng năm', 'Tháng 6 và tháng 12 hằng năm', 'Định kỳ 6 tháng, hằng năm']) {
      const d = parseDeadline(text, { reference: '2024-01-01' });
      expect(d.kind, text).toBe('recurring');
      expect(d.due, text).toBeUndefined();
      expect(d.raw).toBe(text);
    }
  });
  it('a dated part next to a recurring one stays compound', () => {
    const d = parseDeadline('Thí điểm trong tháng 6/2024, triển khai toàn quốc từ năm học 2024 - 2025');
    expect(d.kind).toBe('compound');
    expect(d.due).toBe('2024-06-30');
  });
});
