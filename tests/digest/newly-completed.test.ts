/**
 * #13.6 — "newly completed" is measured from the previous digest's time, not its day: a report that arrives on the
 * afternoon of a send day, after that morning's digest, is new in the next one; a report recorded before it is not.
 */
import { describe, expect, it } from 'vitest';
import { consolidate, type ConsolidateInput } from '#shared/digest/consolidate';
import { toSummary } from '#shared/digest/summary';
import * as w from '#testkit/digest-world';

function input(over: Partial<ConsolidateInput> = {}): ConsolidateInput {
  return {
    asOf: w.AS_OF, tasks: w.tasks(), statuses: w.statuses(), reports: w.reports(), reviewRows: [], unregisteredRows: [],
    contacts: w.contacts(), meeting: null, period: w.PERIOD, agencies: w.tableNames, generatedAt: '2024-06-17T01:00:00.000Z',
    ...over,
  };
}

describe('digest: newly completed since the previous digest', () => {
  // the previous digest went out at 07:00 on 12/06 (00:00 UTC); Bộ Y tế's report completing B.3 is dated 12/06
  const before = consolidate(input({ asOf: '2024-06-12', period: { from: w.PERIOD.from, to: '2024-06-12' },
    statuses: w.statuses().filter((e) => e.reportId !== 'r2-y-te') }));
  const previous = { asOf: '2024-06-12', summary: toSummary(before), at: '2024-06-12T00:00:00.000Z' };
  const withB3At = (recordedAt: string) => w.statuses().map((e) => (e.reportId === 'r2-y-te' ? { ...e, recordedAt } : e));

  it('counts a report of the send day recorded after the digest was made', () => {
    const d = consolidate(input({ previous, statuses: withB3At('2024-06-12T07:30:00.000Z') })); // 14:30 in Việt Nam
    expect(d.newlyCompleted.map((t) => t.taskId)).toContain('04/CT-TTg:B.3');
    expect(d.previous?.change.completed).toBeGreaterThan(0);
  });

  it('does not count one recorded before the digest was made (it was in that digest already)', () => {
    const d = consolidate(input({ previous, statuses: withB3At('2024-06-11T23:00:00.000Z') }));
    expect(d.newlyCompleted.map((t) => t.taskId)).not.toContain('04/CT-TTg:B.3');
  });

  it('without the previous digest\'s time, compares report dates as before', () => {
    const d = consolidate(input({ previous: { asOf: previous.asOf, summary: previous.summary }, statuses: withB3At('2024-06-12T07:30:00.000Z') }));
    expect(d.newlyCompleted.map((t) => t.taskId)).not.toContain('04/CT-TTg:B.3');
  });
});
