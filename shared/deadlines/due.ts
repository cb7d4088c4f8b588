/**
 * When a task is due, the one rule. Used by matching (`intake match`), `intake deadline`, the digest, the registry
 * listing, receipts and templates alike, so that they never disagree about a task:
 *
 * - due: the deadline's last day (`deadline.due`); a roadmap with a target year ("Đề ra lộ trình hoàn thành đến năm
 *   2025") is due on 31/12 of that year; recurring work, open starts and roadmaps without a year have no due date.
 * - overdue on a date: due before that date and not completed (nor reported as recurring work).
 * - late since: the month of the due date, as the secretariat labels late tasks ("chậm muộn từ tháng 06/2024" for a
 *   task due 30/06/2024) and as the digest groups them.
 */
import type { Deadline } from '#shared/domain/task';
import { addDays, monthOf } from '#shared/domain/dates';

type DeadlineLike = Pick<Deadline, 'kind' | 'due' | 'targetYear'>;
/** A status as reported, or the status word alone (completed / recurring are never overdue). */
type StatusLike = { value: string | null } | string | null | undefined;

/** The day (ISO) the task is due, or undefined when it has none. */
export function dueOf(deadline: DeadlineLike): string | undefined {
  if (deadline.due) return deadline.due;
  if (deadline.kind === 'roadmap' && deadline.targetYear) return `${deadline.targetYear}-12-31`;
  return undefined;
}

const valueOf = (s: StatusLike): string | null => (!s ? null : typeof s === 'string' ? s : s.value);

/** true when the task is late on `asOf` (ISO date or timestamp): due before it, and not completed nor recurring. */
export function isOverdue(deadline: DeadlineLike, asOf: string, status?: StatusLike): boolean {
  const v = valueOf(status);
  if (v === 'completed' || v === 'recurring') return false;
  const due = dueOf(deadline);
  return !!due && due < asOf.slice(0, 10);
}

/** The month ('YYYY-MM') a task not completed by its due date counts as late from: the month of its due date. */
export function lateSince(deadline: DeadlineLike): string | undefined {
  const due = dueOf(deadline);
  return due ? monthOf(due) : undefined;
}

/** The first day the task is overdue (the day after it is due). */
export function overdueFrom(deadline: DeadlineLike): string | undefined {
  const due = dueOf(deadline);
  return due ? addDays(due, 1) : undefined;
}

export interface DueState {
  due?: string;
  overdue: boolean;
  /** 'YYYY-MM', only when overdue. */
  lateSince?: string;
}

/** All of the above at once, as of a date. */
export function dueState(deadline: DeadlineLike, asOf: string, status?: StatusLike): DueState {
  const due = dueOf(deadline);
  const overdue = isOverdue(deadline, asOf, status);
  return { ...(due ? { due } : {}), overdue, ...(overdue ? { lateSince: lateSince(deadline) } : {}) };
}
