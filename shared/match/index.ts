/**
 * Matching report rows to the registry, and reading their status.
 *
 * - `matchReport(input, tasks)`: one result per input row, same order: `{ match, status }`; `input.memory`
 *   (`buildMemory`, or `loadMemory` in shared/review/memory.ts) brings the secretariat's decisions (#19).
 * - `readStatus(row)`: the row's status from marks, assessment or result text (raw text and source kept).
 * - `detectAgency(result, fileName?)`: the reporting agency of an extracted document, and how it was found.
 */
import type { Task } from '#shared/domain/task';
import type { ReportRow } from '#shared/domain/row';
import type { RowMatch, RowStatus } from '#shared/domain/report';
import { agencyAgreement, agencyIdsIn } from './agency';
import { matchRows } from './match';
import type { Memory } from './memory';

export { readStatus, classifyStatus, overdue, lateMonth } from './status';
export { detectAgency, findAgency, agencyIdsIn } from './agency';
export { THRESHOLDS } from './match';
export { buildMemory, finalAnswer, nearSimilarity, type Memory, type PreviousReport } from './memory';
export { canonText, matchKey, matchTokens, expandAbbreviations, isShortened } from './normalise';

export function matchReport(
  input: { rows: Array<ReportRow & { table: number }>; agencyId?: string; reportDate: string; memory?: Memory },
  tasks: Task[],
): Array<{ match: RowMatch; status: RowStatus }> {
  return matchRows(input, tasks, {
    agency: agencyAgreement,
    resolveAgency: (text, asOf) => agencyIdsIn(text, asOf),
  });
}
