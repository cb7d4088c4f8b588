/**
 * The secretariat's decisions, kept as knowledge (#19): which task a row of an agency's report is about (or that it
 * is an out-of-registry item, or "not this task"). The matcher reads them next round: agencies start each report
 * from their last one, so the same wording comes back.
 *
 * Keyed by agency and the row's normalised text (`textKey`, matchKey of the content). A withdrawn decision stays in
 * the history (`withdrawnAt`) and is no longer used. A registry change (task retired, successor agency) is checked
 * at match time, never written here.
 */
import { z } from 'zod';

export const DecisionAnswer = z.discriminatedUnion('kind', [
  /** the row reports on this task. */
  z.object({ kind: z.literal('task'), taskId: z.string() }),
  /** the row is work outside the registry (a tracked item). */
  z.object({ kind: z.literal('new') }),
  /** negative evidence: the row is not about this task. */
  z.object({ kind: z.literal('not'), taskId: z.string() }),
]);
export type DecisionAnswer = z.infer<typeof DecisionAnswer>;

export const DecisionRecord = z.object({
  id: z.string(),
  /** '-' when the report's agency is unknown (such a decision is never recalled for another report). */
  agencyId: z.string(),
  /** matchKey(content): what recall looks up. */
  textKey: z.string(),
  /** the row's content as written (NFC), its cited documents and its deadline cell. */
  text: z.string(),
  refs: z.string().optional(),
  deadline: z.string().optional(),
  answer: DecisionAnswer,
  by: z.string(),
  at: z.string(),
  source: z.object({
    reportId: z.string(),
    rowId: z.string(),
    fileName: z.string().optional(),
    reportDate: z.string().optional(),
    stt: z.string().optional(),
  }),
  /** set when the decision was withdrawn or replaced; kept in the history, no longer used. */
  withdrawnAt: z.string().optional(),
  /** an out-of-registry item promoted into the registry: the task that took over its rows (shared/review/items.ts). */
  promotedTo: z.string().optional(),
});
export type DecisionRecord = z.infer<typeof DecisionRecord>;

/** A short stable hash of a text key (the sort key of a decision: same agency + same text → one prefix). */
export function textHash(textKey: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0;
  for (let i = 0; i < textKey.length; i++) {
    const c = textKey.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = (Math.imul(h2, 31) + c) | 0;
  }
  return `${(h1 >>> 0).toString(36).padStart(7, '0')}${(h2 >>> 0).toString(36).padStart(7, '0')}`;
}
