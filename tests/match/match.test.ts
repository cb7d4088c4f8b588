import { readFileSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { extract } from '#shared/extract';
import type { ExtractResult } from '#shared/extract/model';
import type { ReportRow } from '#shared/domain/row';
import type { Task } from '#shared/domain/task';
import { detectAgency, matchReport } from '#shared/match';
import { agencyAgreement } from '#shared/match/agency';
import { seedRegistry } from '#shared/registry';
import { RowMatch, RowStatus } from '#shared/domain/report';

const DIR = 'tests/fixtures/reports';
const GoldRow = (x: unknown) => x as { task: string | null; status: string; deadline: string; content: string };
const reports = readdirSync(DIR).filter((f) => !f.endsWith('.json'));

/** the fixture gold and the seed 002 labels were made against Chỉ thị 04/CT-TTg and 05/CT-TTg. */
const LABELLED = ['04/CT-TTg', '05/CT-TTg'];
let tasks: Task[];
let all: Task[];
const extracted = new Map<string, ExtractResult>();
beforeAll(async () => {
  all = seedRegistry();
  tasks = all.filter((t) => LABELLED.includes(t.directive.number));
  for (const f of reports) extracted.set(f, await extract({ bytes: new Uint8Array(readFileSync(`${DIR}/${f}`)), name: f }));
}, 120_000);

function rowsOf(r: ExtractResult) {
  return r.tables.filter((t) => t.kind === 'tasks').flatMap((t) => t.rows.map((row) => ({ ...row, table: t.index })));
}

const row = (cells: Partial<ReportRow>, n = 1): ReportRow & { table: number } => ({ table: 0, source: { row: n }, ...cells });
const task = (id: string) => tasks.find((t) => t.id === id)!;

describe('matching the fixture reports (through extract)', () => {
  it.each(reports)('%s: auto is right, every registry row found, new rows told apart, one task per row', (f) => {
    const gold = JSON.parse(readFileSync(`${DIR}/${f.replace(/\.\w+$/, '.gold.json')}`, 'utf8')).rows.map(GoldRow);
    const r = extracted.get(f)!;
    const agency = detectAgency(r, f);
    expect(agency.agencyId).toBeTruthy();
    const rows = rowsOf(r);
    expect(rows).toHaveLength(gold.length);
    const res = matchReport({ rows, agencyId: agency.agencyId, reportDate: '2024-06-14' }, tasks);
    expect(res).toHaveLength(rows.length);
    for (const x of res) {
      RowMatch.parse(x.match);
      RowStatus.parse(x.status);
    }
    const autoWrong = res.filter((x, i) => x.match.decision === 'auto' && x.match.taskId !== gold[i]!.task);
    expect(autoWrong).toEqual([]);
    res.forEach((x, i) => {
      const want = gold[i]!.task;
      if (want) expect.soft(x.match.taskId, `row ${i + 1}`).toBe(want);
      else if (x.match.decision !== 'new') {
        // at worst review: only a registry task's own words (same, shortened, extended) with the evidence against it
        expect.soft(x.match.decision, `row ${i + 1} is not in the registry`).toBe('review');
        expect.soft((x.match.candidates[0]?.why ?? []).join('; '), `row ${i + 1}`).toMatch(/^text: (same|shortened task|task with added clauses)/);
      }
    });
    const ids = res.map((x) => x.match.taskId).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('against the whole registry (142/QĐ-VPCP, 175/NQ-CP too), auto stays right for every labelled task', () => {
    for (const f of reports) {
      const gold = JSON.parse(readFileSync(`${DIR}/${f.replace(/\.\w+$/, '.gold.json')}`, 'utf8')).rows.map(GoldRow);
      const r = extracted.get(f)!;
      const res = matchReport({ rows: rowsOf(r), agencyId: detectAgency(r, f).agencyId, reportDate: '2024-06-14' }, all);
      res.forEach((x, i) => {
        const want = gold[i]!.task;
        // a row the gold leaves outside 04/05 may be a 142/QĐ-VPCP or 175/NQ-CP task
        if (x.match.decision === 'auto' && want) expect.soft(x.match.taskId, `${f} row ${i + 1}`).toBe(want);
        if (x.match.decision === 'auto' && !want) expect.soft(LABELLED.some((d) => x.match.taskId!.startsWith(d)), `${f} row ${i + 1}`).toBe(false);
      });
    }
  });

  it('finds the reporting agency in the title, the agency column or the file name', () => {
    const how = (f: string) => detectAgency(extracted.get(f)!, f);
    expect(how('bo-tu-phap.docx')).toMatchObject({ agencyId: 'bo-tu-phap' });
    expect(how('bo-tu-phap.docx').how).toMatch(/title/);
    expect(how('bo-xay-dung.docx').agencyId).toBe('bo-xay-dung'); // title typed without diacritics
    expect(how('ubnd-hue.pdf').agencyId).toBe('tinh-thua-thien-hue');
    expect(detectAgency({ tables: [], warnings: [] }, 'bo-y-te.xlsx')).toMatchObject({ agencyId: 'bo-y-te', how: expect.stringMatching(/file name/) });
    expect(detectAgency({ tables: [], warnings: [] }, 'bao-cao.pdf').agencyId).toBeUndefined();
  });

  it('reads the status of every fixture row the document can tell', () => {
    let right = 0;
    let total = 0;
    for (const f of reports) {
      const gold = JSON.parse(readFileSync(`${DIR}/${f.replace(/\.\w+$/, '.gold.json')}`, 'utf8')).rows.map(GoldRow);
      const res = matchReport({ rows: rowsOf(extracted.get(f)!), reportDate: '2024-06-14' }, tasks);
      res.forEach((x, i) => {
        // three-column mark tables (Hoàn thành / Chưa hoàn thành / Thường xuyên) put work in progress under "Chưa hoàn thành"
        const want = gold[i]!.status === 'in_progress' && x.status.source === 'mark' ? 'not_completed' : gold[i]!.status;
        total++;
        if (x.status.value === want) right++;
      });
    }
    expect(right / total).toBeGreaterThanOrEqual(0.97);
  });
});

describe('matching seed 002 (the 51 late tasks) against 04/CT-TTg and 05/CT-TTg', () => {
  it('agrees with the hand labels: auto only when right, registry rows found, notices outside the registry new', async () => {
    const labels = JSON.parse(readFileSync('tests/fixtures/labels/seed-002.json', 'utf8')).rows as Array<{ stt: string; label: string }>;
    const r = await extract({ bytes: new Uint8Array(readFileSync('seeds/sources/002_5d4564070445dda2.txt')), name: '002.txt' });
    const rows = rowsOf(r);
    expect(rows.map((x) => x.stt)).toEqual(labels.map((l) => l.stt));
    const res = matchReport({ rows, reportDate: '2024-06-20' }, tasks);
    const auto = res.filter((x) => x.match.decision === 'auto');
    const autoRight = auto.filter((x) => x.match.taskId === labels[res.indexOf(x)]!.label);
    expect(autoRight.length / auto.length).toBeGreaterThanOrEqual(0.95);
    const matchable = labels.flatMap((l, i) => (l.label === 'new' ? [] : [i]));
    const found = matchable.filter((i) => res[i]!.match.decision !== 'new' && res[i]!.match.taskId === labels[i]!.label);
    expect(found.length / matchable.length).toBeGreaterThanOrEqual(0.95);
    const fresh = labels.flatMap((l, i) => (l.label === 'new' ? [i] : []));
    expect(fresh.filter((i) => res[i]!.match.decision === 'auto')).toEqual([]);
    expect(fresh.filter((i) => res[i]!.match.decision === 'new').length / fresh.length).toBeGreaterThanOrEqual(0.85);
    // a labelled-new row sent to review is a registry task's own words, with the evidence against it given
    for (const i of fresh.filter((j) => res[j]!.match.decision === 'review')) {
      const why = res[i]!.match.candidates[0]!.why ?? [];
      expect.soft(why.join('; '), `row ${labels[i]!.stt}`).toMatch(/text: (same|shortened task|task with added clauses)/);
      expect.soft(why.join('; '), `row ${labels[i]!.stt}`).toMatch(/before the directive|outside the registry|reported by another row|≠/);
    }
  }, 60_000);

  it("never calls a registry task's own words new (#13: B.54 word for word, B.36 shortened)", async () => {
    const r = await extract({ bytes: new Uint8Array(readFileSync('seeds/sources/002_5d4564070445dda2.txt')), name: '002.txt' });
    const rows = rowsOf(r);
    const res = matchReport({ rows, reportDate: '2024-06-20' }, tasks);
    const b54 = rows.findIndex((x) => x.content?.startsWith('Kết nối, chia sẻ dữ liệu giữa Cơ sở dữ liệu quốc gia về dân cư với các Cơ sở dữ liệu chuyên ngành nông nghiệp'));
    expect(b54).toBeGreaterThanOrEqual(0);
    expect(res[b54]!.match).toMatchObject({ decision: 'review', taskId: '04/CT-TTg:B.54' });
    expect(res[b54]!.match.candidates[0]!.why).toEqual(expect.arrayContaining(['text: same', expect.stringMatching(/^deadline 2022-12 is before the directive/)]));
    const b36 = rows.findIndex((x) => x.content?.startsWith('Tổ chức hướng dẫn các cơ sở y tế và người dân sử dụng thông tin số sức khỏe'));
    expect(b36).toBeGreaterThanOrEqual(0);
    // its task is reported by another row of the same list: a question, with the candidate kept
    expect(res[b36]!.match.decision).toBe('review');
    expect(res[b36]!.match.candidates[0]).toMatchObject({ taskId: '04/CT-TTg:B.36' });
    expect(res[b36]!.match.candidates[0]!.why).toEqual(expect.arrayContaining(['refs: only documents outside the registry', 'its best task is reported by another row']));
  }, 60_000);
});

describe('the matcher', () => {
  it('looks up a task id column first (our pre-filled templates)', () => {
    const [x] = matchReport({ rows: [row({ taskId: '04/CT-TTg:B.22', content: 'nội dung sửa đổi' })], reportDate: '2024-06-14' }, tasks);
    expect(x!.match).toMatchObject({ taskId: '04/CT-TTg:B.22', decision: 'auto', score: 1 });
  });

  it('tells a 2023 task from the 2024 task with the same words by the deadline', () => {
    const content = task('05/CT-TTg:C.1').content;
    expect(task('04/CT-TTg:C.1').content.replace(/ để /, ' ')).toContain('Bố trí kinh phí');
    const [a, b] = matchReport(
      { rows: [row({ content, deadline: 'tháng 2 năm 2023' }, 1), row({ content, deadline: 'Tháng 2/2024' }, 2)], agencyId: 'tinh-thua-thien-hue', reportDate: '2024-06-14' },
      tasks,
    );
    expect(a!.match.taskId).toBe('05/CT-TTg:C.1');
    expect(b!.match.taskId).toBe('04/CT-TTg:C.1');
  });

  it('gives a task to one row only, unless the report lists the same line twice', () => {
    const content = task('04/CT-TTg:B.53').content;
    const twice = matchReport({ rows: [row({ content, deadline: 'Quý II/2024' }, 1), row({ content, deadline: 'Quý II/2024' }, 2)], reportDate: '2024-06-14' }, tasks);
    expect(twice.map((x) => x.match.taskId)).toEqual(['04/CT-TTg:B.53', '04/CT-TTg:B.53']);
    const two = matchReport(
      { rows: [row({ content, deadline: 'Quý II/2024' }, 1), row({ content: `${content} và công bố`, deadline: 'Năm 2024' }, 2)], reportDate: '2024-06-14' },
      tasks,
    );
    expect(two[0]!.match.taskId).toBe('04/CT-TTg:B.53');
    expect(two[1]!.match.taskId).not.toBe('04/CT-TTg:B.53');
    expect(two[1]!.match.decision).not.toBe('auto');
  });

  it('matches abbreviated, unaccented and shortened rows', () => {
    const res = matchReport(
      {
        rows: [
          row({ content: 'Kết nối, chia sẻ dữ liệu kết quả khám sức khỏe điện tử để triển khai DVC cấp đổi, cấp lại GPLX toàn trình', deadline: 'Tháng 3/2023' }, 1),
          row({ content: 'Tham dinh du an xay dung Trung tam du lieu quoc gia theo de xuat cua Bo Cong an.', deadline: 'Theo lo trinh cua De an do Bo Cong an de xuat' }, 2),
          row({ content: 'Nhân rộng triển khai ứng dụng xác thực thông tin sinh trắc trên CCCD gắn chip tại Bộ...', deadline: 'Hoàn thành trong năm 2024' }, 3),
        ],
        reportDate: '2024-06-14',
      },
      tasks,
    );
    expect(res.map((x) => x.match.taskId)).toEqual(['05/CT-TTg:B.42', '04/CT-TTg:B.56', '04/CT-TTg:B.46']);
  });

  it('calls a row new when it cites only documents outside the registry, even with similar words', () => {
    const [x] = matchReport(
      { rows: [row({ content: 'Hoàn thành việc tích hợp giải pháp ký số từ xa với Cổng dịch vụ công quốc gia và Hệ thống thông tin giải quyết thủ tục hành chính cấp bộ, cấp tỉnh', refs: 'Chỉ thị 27 ngày 27/10/2023', deadline: '15/12/2023' })], reportDate: '2024-06-14' },
      tasks,
    );
    expect(x!.match.decision).toBe('new');
    expect(x!.match.taskId).toBeNull();
    // the secretariat may still link it: its candidates are kept
    expect(x!.match.candidates.length).toBeGreaterThan(0);
  });

  it('sends a shortened registry task to review even when its refs are outside the registry, saying so', () => {
    const [x] = matchReport(
      { rows: [row({ content: 'Hoàn thành kết nối Kho quản lý dữ liệu điện tử của tổ chức, cá nhân trên Hệ thống thông tin giải quyết TTHC cấp bộ, cấp tỉnh với Kho quản lý dữ liệu điện tử trên Cổng dịch vụ công quốc gia', refs: 'Chỉ thị 27 ngày 27/10/2023', deadline: '15/12/2023' })], reportDate: '2024-06-14' },
      tasks,
    );
    expect(x!.match).toMatchObject({ decision: 'review', taskId: '05/CT-TTg:A.15' });
    expect(x!.match.candidates[0]!.why).toEqual(expect.arrayContaining([expect.stringMatching(/^text: shortened task/), 'refs: only documents outside the registry']));
  });

  it("sends a row to review, not new, when its task's own words were taken by another row of the report", () => {
    const content = task('04/CT-TTg:B.53').content;
    const res = matchReport(
      { rows: [row({ content, deadline: 'Quý II/2024', refs: 'Chỉ thị 04/CT-TTg' }, 1), row({ content: content.split(/[,;]/)[0]! + ' …', deadline: 'Năm 2022', refs: 'Thông báo 2513/TCTTKĐA' }, 2)], reportDate: '2024-06-14' },
      tasks,
    );
    expect(res[0]!.match).toMatchObject({ taskId: '04/CT-TTg:B.53', decision: 'auto' });
    expect(res[1]!.match.decision).toBe('review');
    expect(res[1]!.match.candidates.map((c) => c.taskId)).toContain('04/CT-TTg:B.53');
  });

  it('lists the same obligation in another directive as alsoMatches', () => {
    const [x] = matchReport({ rows: [row({ content: task('04/CT-TTg:A.7').content, deadline: 'Năm 2024' })], reportDate: '2024-06-14' }, tasks);
    expect(x!.match.taskId).toBe('04/CT-TTg:A.7');
    expect(x!.match.alsoMatches).toContain('05/CT-TTg:A.16');
  });

  it('never decides alone for a task a later import removed', () => {
    const gone = tasks.map((t) => (t.id === '04/CT-TTg:B.53' ? { ...t, removed: { at: '2024-05-01T00:00:00Z' } } : t));
    const [x] = matchReport({ rows: [row({ content: task('04/CT-TTg:B.53').content, deadline: 'Quý II/2024' })], reportDate: '2024-06-14' }, gone);
    expect(x!.match).toMatchObject({ taskId: '04/CT-TTg:B.53', decision: 'review' });
    expect(x!.match.candidates[0]!.why).toContain('removed from the registry on 2024-05-01');
  });

  it('gives review candidates with reasons', () => {
    const [x] = matchReport({ rows: [row({ content: task('04/CT-TTg:B.22').content, deadline: 'Tháng 6/2023', refs: 'Chỉ thị 04/CT-TTg' })], reportDate: '2024-06-14' }, tasks);
    expect(x!.match.decision).toBe('review');
    expect(x!.match.candidates[0]).toMatchObject({ taskId: '04/CT-TTg:B.22', why: expect.arrayContaining([expect.stringMatching(/deadline/)]) });
  });

  it('counts a report from the 2025 successor for a task of its predecessor', () => {
    const t = all.find((x) => x.lead.ids.includes('bo-thong-tin-va-truyen-thong') && (x.lead.groups ?? []).length === 0)!;
    expect(t).toBeTruthy();
    expect(agencyAgreement(t, { agencyIds: ['bo-khoa-hoc-va-cong-nghe'], reportDate: '2026-01-15' }).why).toBe('agency: lead');
    expect(agencyAgreement(t, { agencyIds: ['bo-khoa-hoc-va-cong-nghe'], reportDate: '2024-06-14' }).score).toBeLessThan(0);
  });
});
