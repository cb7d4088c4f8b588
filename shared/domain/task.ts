/**
 * The registry's model: a task (nhiệm vụ) assigned by a directive, with its agencies and deadline.
 * Ids: `<directive>:<section>.<stt>` when the appendix has sections (04/CT-TTg:B.22, 05/CT-TTg:A.8),
 * `<directive>:<stt>` when it has none (142/QĐ-VPCP:11).
 */
import { z } from 'zod';

export const DeadlineKind = z.enum([
  'date', 'month', 'quarter', 'year', 'range', 'before', 'start_from', 'recurring', 'roadmap', 'compound', 'unknown',
]);
export type DeadlineKind = z.infer<typeof DeadlineKind>;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const Deadline = z.object({
  kind: DeadlineKind,
  /** ISO date: the last day of the period ("before X" → the day before X). Absent for recurring/roadmap/unknown. */
  due: IsoDate.optional(),
  start: IsoDate.optional(),
  targetYear: z.number().int().optional(),
  milestones: z.array(z.object({ label: z.string(), due: IsoDate.optional(), start: IsoDate.optional() })).optional(),
  raw: z.string(),
});
export type Deadline = z.infer<typeof Deadline>;

/** An agency cell: the raw text, the agency ids it resolves to, and the parts it could not resolve (kept, flagged). */
export const AgencyRef = z.object({
  raw: z.string(),
  ids: z.array(z.string()),
  /** group words: "all_ministries", "all_provinces", … (see shared/agencies). */
  groups: z.array(z.string()).optional(),
  unresolved: z.array(z.string()).optional(),
});
export type AgencyRef = z.infer<typeof AgencyRef>;

export const Directive = z.object({
  /** "04/CT-TTg", "05/CT-TTg", "142/QĐ-VPCP", "175/NQ-CP" */
  number: z.string(),
  kind: z.string(), // "Chỉ thị", "Quyết định", "Nghị quyết", "Thông báo", "Kế hoạch"
  date: IsoDate,
  title: z.string(),
});
export type Directive = z.infer<typeof Directive>;

export const Task = z.object({
  id: z.string(),
  directive: Directive,
  section: z.object({ code: z.string(), title: z.string() }).optional(),
  stt: z.string(),
  content: z.string(),
  contentRaw: z.string().optional(),
  lead: AgencyRef,
  coord: AgencyRef.optional(),
  deadline: Deadline,
  product: z.string().optional(),
  provenance: z.object({ file: z.string(), table: z.number().int().optional(), row: z.number().int().optional() }),
  /** registry imports that changed this task (oldest first): which fields, from what, to what. Added by the importer. */
  history: z.array(z.object({
    at: z.string(),
    source: z.string().optional(),
    changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
  })).optional(),
  /** an out-of-registry item the secretariat promoted into the registry (never "removed" by a directive import). */
  promoted: z.object({ at: z.string(), by: z.string(), itemId: z.string(), agencyId: z.string() }).optional(),
  /** set when a later import of the directive no longer lists the task; the task is kept, with its history. */
  removed: z.object({ at: z.string(), source: z.string().optional() }).optional(),
});
export type Task = z.infer<typeof Task>;

export function taskId(directive: string, stt: string, section?: string): string {
  return section ? `${directive}:${section}.${stt}` : `${directive}:${stt}`;
}
