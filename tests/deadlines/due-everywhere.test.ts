/**
 * One case of each deadline kind, with the answer worked out by hand, checked in every place that says when a task
 * is due: the rule itself, matching (`intake match`), `intake deadline --json`, the digest, and an agency's page for a
 * reporting round (the tasks of its template, each with its due date and whether it is late).
 * They must all agree (issue #11: the digest used to count a roadmap's target year and `intake match` did not).
 */
import { describe, expect, it } from 'vitest';
import { dueState, parseDeadline } from '#shared/deadlines';
import { overdue } from '#shared/match/status';
import { consolidate } from '#shared/digest/consolidate';
import { roundTasks } from '#shared/rounds/view';
import { task, tableNames } from '#testkit/digest-world';
import { runIntakeInProcess } from '#testkit/cli';

const AS_OF = '2024-07-15';

/** text, kind, due (ISO or null), overdue on AS_OF when not completed, late since (month of due). */
const CASES: Array<[string, string, string | null, boolean]> = [
  ['30/6/2024', 'date', '2024-06-30', true],
  ['Tháng 8/2024', 'month', '2024-08-31', false],
  ['Quý II/2024', 'quarter', '2024-06-30', true],
  ['Năm 2024', 'year', '2024-12-31', false],
  ['Từ tháng 3/2024 đến tháng 6/2024', 'range', '2024-06-30', true],
  ['Trước ngày 16/7/2024', 'before', '2024-07-15', false], // due today: not late yet
  ['Từ Quý IV/2024', 'start_from', null, false],
  ['Thường xuyên', 'recurring', null, false],
  ['Đề ra lộ trình hoàn thành đến năm 2023', 'roadmap', '2023-12-31', true],
  ['Quý II/2024; Quý IV/2024', 'compound', '2024-12-31', false],
  ['Khi có điều kiện', 'unknown', null, false],
];
const lateOf = (due: string | null) => (due ? due.slice(0, 7) : null);

describe('when a task is due: one answer for every deadline kind, everywhere', () => {
  it('covers every kind the parser knows', () => {
    expect(new Set(CASES.map((c) => c[1]))).toEqual(new Set(['date', 'month', 'quarter', 'year', 'range', 'before', 'start_from', 'recurring', 'roadmap', 'compound', 'unknown']));
  });

  it.each(CASES)('the rule and matching: %s (%s)', (text, kind, due, late) => {
    const d = parseDeadline(text);
    expect(d.kind).toBe(kind);
    expect(dueState(d, AS_OF, 'in_progress')).toEqual({ ...(due ? { due } : {}), overdue: late, ...(late ? { lateSince: lateOf(due) } : {}) });
    expect(dueState(d, AS_OF, 'completed').overdue).toBe(false);
    expect(overdue('in_progress', d, AS_OF)).toBe(late);
    expect(overdue(null, d, AS_OF)).toBe(late);
  });

  it('intake deadline --json', async () => {
    for (const [text, kind, due] of CASES) {
      const r = await runIntakeInProcess(['deadline', text, '--json']);
      expect(r.code, text).toBe(0);
      expect(JSON.parse(r.stdout), text).toMatchObject({ kind, dueOf: due, lateSince: lateOf(due) });
    }
  });

  it('the digest: overdue tasks grouped by the month they were due, roadmaps by their target year', () => {
    const tasks = CASES.map(([text], i) => task('B', String(i + 1), text, ['bo-cong-an']));
    const digest = consolidate({
      asOf: AS_OF, tasks, statuses: [], reports: [], reviewRows: [], unregisteredRows: [], contacts: [], agencies: tableNames,
      generatedAt: '2024-07-15T00:00:00Z',
    });
    CASES.forEach(([text, kind, due, late], i) => {
      const line = digest.tasks.find((l) => l.taskId === `04/CT-TTg:B.${i + 1}`)!;
      expect(line.due ?? null, text).toBe(due);
      expect(line.category, text).toBe(late ? 'overdue' : kind === 'recurring' ? 'recurring' : 'inProgress');
      const grouped = digest.lateGroups.flatMap((g) => g.tasks).find((t) => t.taskId === line.taskId);
      expect(grouped?.lateSince ?? null, text).toBe(late ? lateOf(due) : null);
    });
  });

  it("an agency's page for a round: each task's due date and lateness", () => {
    const tasks = CASES.map(([text], i) => task('B', String(i + 1), text, ['bo-cong-an']));
    const page = roundTasks({ tasks, statuses: [], reports: [], agencyId: 'bo-cong-an', today: AS_OF, agencies: tableNames });
    expect(page).toHaveLength(CASES.length);
    CASES.forEach(([text, , due, late], i) => {
      const t = page.find((p) => p.task.id === `04/CT-TTg:B.${i + 1}`)!;
      expect(t.due ?? null, text).toBe(due);
      expect(t.late, text).toBe(late);
    });
  });
});
