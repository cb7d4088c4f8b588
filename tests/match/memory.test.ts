/**
 * Decision memory (#19) in the matcher: round 1 decided by the secretariat, round 2 the same agency's rows again.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { extract } from '#shared/extract';
import type { ReportRow } from '#shared/domain/row';
import type { Task } from '#shared/domain/task';
import type { DecisionAnswer, DecisionRecord } from '#shared/domain/decision';
import { buildMemory, detectAgency, matchKey, matchReport, matchTokens, nearSimilarity } from '#shared/match';
import { whyVi } from '#shared/match/explain';
import { seedRegistry } from '#shared/registry';
import { prng } from '#testkit/reports';
import { agencyWordedReports } from '#testkit/wording';

type Row = ReportRow & { table: number };
const DIR = 'tests/fixtures/reports';
let tasks: Task[];
/** fixture rows about a registry task that round 1 does not decide alone (the secretariat's work). */
const asked: Array<{ agencyId: string; row: Row; want: string }> = [];
/** every fixture report's rows. */
const all: Array<{ agencyId: string; rows: Row[] }> = [];

beforeAll(async () => {
  tasks = seedRegistry().filter((t) => ['04/CT-TTg', '05/CT-TTg'].includes(t.directive.number));
  for (const f of readdirSync(DIR).filter((x) => !x.endsWith('.json')).sort()) {
    const gold = JSON.parse(readFileSync(`${DIR}/${f.replace(/\.\w+$/, '.gold.json')}`, 'utf8')).rows as Array<{ task: string | null }>;
    const r = await extract({ bytes: new Uint8Array(readFileSync(`${DIR}/${f}`)), name: f });
    const agencyId = detectAgency(r, f).agencyId!;
    const rows = r.tables.filter((t) => t.kind === 'tasks').flatMap((t) => t.rows.map((row) => ({ ...row, table: t.index })));
    all.push({ agencyId, rows });
    const res = matchReport({ rows, agencyId, reportDate: '2024-06-14' }, tasks);
    res.forEach((x, i) => {
      const want = gold[i]?.task;
      if (want && x.match.decision !== 'auto') asked.push({ agencyId, row: rows[i]!, want });
    });
  }
}, 120_000);

let n = 0;
function decision(agencyId: string, row: Row, answer: DecisionAnswer, extra: Partial<DecisionRecord> = {}): DecisionRecord {
  n++;
  return {
    id: `d${n}`, agencyId, textKey: matchKey(row.content ?? ''), text: row.content ?? '', answer, by: 'secretariat', at: '2024-06-20T09:00:00Z',
    source: { reportId: `report-${n}`, rowId: `0.${n}`, fileName: 'bao-cao-6-thang.docx', stt: String(n) }, ...extra,
  };
}

/** a clause added, as agencies do at year end. */
const edited = (row: Row): Row => ({ ...row, content: `${(row.content ?? '').replace(/[.\s]+$/, '')}, đồng thời báo cáo kết quả thực hiện về Bộ Công an` });

describe('decision memory in the matcher', () => {
  it('has round-1 rows to decide (the fixtures leave some registry rows to the secretariat)', () => {
    expect(asked.length).toBeGreaterThanOrEqual(1);
  });

  it('a decision in round 1 makes round 2 auto and right, verbatim and with a clause added', () => {
    for (const { agencyId, row, want } of asked) {
      const memory = buildMemory({ agencyId, decisions: [decision(agencyId, row, { kind: 'task', taskId: want })] });
      const [same] = matchReport({ rows: [row], agencyId, reportDate: '2024-12-14', memory }, tasks);
      expect(same!.match, JSON.stringify(same!.match.recalled)).toMatchObject({ decision: 'auto', taskId: want });
      expect(same!.match.recalled).toMatchObject({ how: 'same', origin: 'decision', taskId: want });
      expect(whyVi(same!.match.recalled!.why)).toMatch(/^đã xác nhận ngày 20\/06\/2024 \(báo cáo bao-cao-6-thang\.docx, dòng \d+\)$/);
      const [edit] = matchReport({ rows: [edited(row)], agencyId, reportDate: '2024-12-14', memory }, tasks);
      expect(edit!.match.taskId).toBe(want);
      expect(edit!.match.recalled?.how).toBe('near');
    }
  });

  it('a rejection blocks that task for the same text', () => {
    for (const { agencyId, row } of asked) {
      const [before] = matchReport({ rows: [row], agencyId, reportDate: '2024-12-14' }, tasks);
      const top = before!.match.candidates[0]!.taskId;
      const memory = buildMemory({ agencyId, decisions: [decision(agencyId, row, { kind: 'not', taskId: top })] });
      const [after] = matchReport({ rows: [row], agencyId, reportDate: '2024-12-14', memory }, tasks);
      expect(after!.match.decision === 'auto' && after!.match.taskId === top).toBe(false);
      const c = after!.match.candidates.find((x) => x.taskId === top);
      if (c) expect(c.why).toEqual(expect.arrayContaining([expect.stringMatching(/^remembered: rejected on 2024-06-20/)]));
    }
  });

  it('a withdrawn decision is forgotten at once', () => {
    const { agencyId, row, want } = asked[0]!;
    const memory = buildMemory({ agencyId, decisions: [decision(agencyId, row, { kind: 'task', taskId: want }, { withdrawnAt: '2024-06-21T00:00:00Z' })] });
    const [x] = matchReport({ rows: [row], agencyId, reportDate: '2024-12-14', memory }, tasks);
    const [none] = matchReport({ rows: [row], agencyId, reportDate: '2024-12-14' }, tasks);
    expect(x!.match).toEqual(none!.match);
  });

  it('a task retired between rounds sends the row to review, saying why', () => {
    const { agencyId, row, want } = asked[0]!;
    const retired = tasks.map((t) => (t.id === want ? { ...t, removed: { at: '2024-09-01T00:00:00Z' } } : t));
    const memory = buildMemory({ agencyId, decisions: [decision(agencyId, row, { kind: 'task', taskId: want })] });
    const [x] = matchReport({ rows: [row], agencyId, reportDate: '2024-12-14', memory }, retired);
    expect(x!.match.decision).toBe('review');
    expect(x!.match.recalled?.blocked).toBe(`remembered task ${want} removed from the registry on 2024-09-01`);
  });

  it("another agency's decision alone does not auto-match", () => {
    for (const { agencyId, row, want } of asked) {
      const memory = buildMemory({ agencyId, decisions: [decision('some-other-agency', row, { kind: 'task', taskId: want })] });
      const [x] = matchReport({ rows: [row], agencyId, reportDate: '2024-12-14', memory }, tasks);
      const [none] = matchReport({ rows: [row], agencyId, reportDate: '2024-12-14' }, tasks);
      expect(x!.match.decision).toBe(none!.match.decision);
    }
  });

  it("another agency's decision on a shared task never makes an auto on any fixture row, whichever candidate it names", () => {
    let checked = 0;
    for (const rep of [...all, ...agencyWordedReports(tasks, [], prng(6))]) {
      const none = matchReport({ rows: rep.rows, agencyId: rep.agencyId, reportDate: '2024-12-14' }, tasks);
      for (const k of [0, 1, 2]) {
        const decisions = rep.rows.flatMap((row, i) => {
          const c = none[i]!.match.candidates[k];
          return c ? [decision('some-other-agency', row, { kind: 'task', taskId: c.taskId })] : [];
        });
        const memory = buildMemory({ agencyId: rep.agencyId, decisions });
        const got = matchReport({ rows: rep.rows, agencyId: rep.agencyId, reportDate: '2024-12-14', memory }, tasks);
        got.forEach((x, i) => {
          checked++;
          // an auto with the feature is an auto without it, to the same task
          if (x.match.decision === 'auto') expect([none[i]!.match.decision, none[i]!.match.taskId]).toEqual(['auto', x.match.taskId]);
        });
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it("another agency's decision helps rank: a close runner-up it names becomes the first candidate, still for review", () => {
    let moved = 0;
    // the agencies' own wording (testkit/wording.ts) leaves more rows between two tasks than the fixtures
    for (const rep of [...all, ...agencyWordedReports(tasks, [], prng(6))]) {
      const none = matchReport({ rows: rep.rows, agencyId: rep.agencyId, reportDate: '2024-12-14' }, tasks);
      rep.rows.forEach((row, i) => {
        const [first, second] = none[i]!.match.candidates;
        if (none[i]!.match.decision !== 'review' || !first || !second || first.score - second.score >= 0.09) return;
        const memory = buildMemory({ agencyId: rep.agencyId, decisions: [decision('some-other-agency', row, { kind: 'task', taskId: second.taskId })] });
        const [x] = matchReport({ rows: [row], agencyId: rep.agencyId, reportDate: '2024-12-14', memory }, tasks);
        expect(x!.match.candidates[0]!.taskId).toBe(second.taskId);
        expect(x!.match.candidates[0]!.why).toEqual(expect.arrayContaining([expect.stringMatching(/^remembered: another agency confirmed on 2024-06-20/)]));
        expect(x!.match.decision).not.toBe('auto');
        moved++;
      });
    }
    expect(moved).toBeGreaterThanOrEqual(1);
  });

  it('the near look-up over thousands of decisions finds the edited rows and only truly near ones', () => {
    // 3,000 decisions mixing registry clauses (the bench's synthetic memory) plus the asked rows' own decisions
    const clauses = tasks.flatMap((t) => t.content.split(/[;,.]\s+/).filter((c) => c.length > 12));
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const synthetic = Array.from({ length: 3000 }, (_, i) => {
      const text = Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => clauses[Math.floor(rnd() * clauses.length)]!).join(', ');
      return decision('bo-x', { table: 0, content: text, source: { row: i } }, { kind: 'task', taskId: tasks[i % tasks.length]!.id });
    });
    const own = asked.map(({ row, want }) => decision('bo-x', row, { kind: 'task', taskId: want }));
    const memory = buildMemory({ agencyId: 'bo-x', decisions: [...synthetic, ...own] });
    const words = (s: string) => new Set(matchTokens(s));
    for (const [k, { row }] of asked.entries()) {
      const probe = edited(row).content!;
      const got = memory.recall(probe).near;
      expect(got.map((n) => n.r.decisionId)).toContain(own[k]!.id);
      for (const n of got) {
        const d = [...synthetic, ...own].find((x) => x.id === n.r.decisionId)!;
        expect(n.sim).toBeCloseTo(nearSimilarity(words(probe), words(d.text)), 9);
        expect(n.sim).toBeGreaterThan(0);
      }
    }
  });

  it('a row marked new is new next round (not asked again), its candidates kept', () => {
    const { agencyId, row } = asked[0]!;
    const memory = buildMemory({ agencyId, decisions: [decision(agencyId, row, { kind: 'new' })] });
    const [x] = matchReport({ rows: [row], agencyId, reportDate: '2024-12-14', memory }, tasks);
    expect(x!.match.decision).toBe('new');
    expect(x!.match.candidates.length).toBeGreaterThan(0);
    expect(whyVi(x!.match.recalled!.why)).toMatch(/^đã xác nhận là nhiệm vụ mới ngày 20\/06\/2024/);
  });

  it("the previous report's row keeps its final task", () => {
    const { agencyId, row, want } = asked[0]!;
    const previous = {
      reportId: 'r1', fileName: 'bc-6-thang.xlsx', reportDate: '2024-06-14',
      rows: [{ reportId: 'r1', rowId: '0.3', table: 0, cells: row, match: { taskId: want, score: 0.6, decision: 'review' as const, candidates: [] }, override: { action: 'accept' as const, taskId: want, at: '2024-06-20T00:00:00Z' } }],
    };
    const memory = buildMemory({ agencyId, decisions: [], previous });
    const [x] = matchReport({ rows: [edited(row)], agencyId, reportDate: '2024-12-14', memory }, tasks);
    expect(x!.match.taskId).toBe(want);
    expect(x!.match.recalled).toMatchObject({ origin: 'previous', how: 'near' });
  });
});
