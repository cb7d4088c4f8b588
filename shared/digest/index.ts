/**
 * The digest, end to end: read what the store holds, consolidate as of a date, render (HTML, text, XLSX,
 * summary.json, .eml), and write a preview or send it.
 */
export { consolidate, digestMatrix, type AgencyNames, type ConsolidateInput } from './consolidate';
export { taskAgencyMatrix, type AgencyAnswer, type ShareCounts, type Standing, type TaskAnswers } from './matrix';
export { renderHtml } from './render-html';
export { renderText } from './render-text';
export { renderXlsx } from './xlsx';
export { toSummary, summaryJson } from './summary';
export { safeCell } from './safe-cell';
export type { Digest, Summary, TaskLine, Totals } from './model';
export { type BuildOptions, buildDigest, DIGEST_READS, taskStatus } from './build';
export { type RenderedDigest, renderDigest, type PreviewOptions, type PreviewFiles, previewDigest, DigestError, recipientsOf, type SendOptions, sendDigest } from './deliver';
