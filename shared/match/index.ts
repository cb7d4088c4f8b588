/**
 * Matching report rows to the registry, and reading their status.
 *
 * - `matchReport(input, tasks)`: one result per input row, same order: `{ match, status }`; `input.memory`
 *   (`buildMemory`, or `loadMemory` in shared/review/memory.ts) brings the secretariat's decisions (#19).
 * - `readStatus(row)`: the row's status from marks, assessment or result text (raw text and source kept).
 * - `detectAgency(result, fileName?)`: the reporting agency of an extracted document, and how it was found.
 */
export { readStatus, classifyStatus, overdue, lateMonth } from './status';
export { detectAgency, findAgency, agencyIdsIn } from './agency';
export { THRESHOLDS } from './match';
export { buildMemory, finalAnswer, nearSimilarity, type Memory, type PreviousReport } from './memory';
export { canonText, matchKey, matchTokens, expandAbbreviations, isShortened } from './normalise';
export { matchReport } from './report';
