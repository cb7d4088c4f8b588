/**
 * Deadlines: parse what the directives and the reports write, and tell when an unfinished task became late.
 */
import type { Deadline } from '../domain/task';
import { monthOf, nextMonth } from './calendar';

export { parseDeadline, deadlineKey, type ParseOptions } from './parse';
export { addDays, monthOf, nextMonth } from './calendar';

/**
 * The month ('YYYY-MM') a task not completed by its due date became late: the month after `due`.
 * `convention: 'due-month'` gives the month of `due` instead — how the secretariat's list (seed 002) labels
 * them ("chậm muộn của tháng 3/2024" for a task due in March 2024). Undefined when the deadline has no due date.
 */
export function lateSince(deadline: Deadline, opts: { convention?: 'after-due' | 'due-month' } = {}): string | undefined {
  if (!deadline.due) return undefined;
  return opts.convention === 'due-month' ? monthOf(deadline.due) : nextMonth(deadline.due);
}

/** true when the task was due before `asOf` (ISO date) — i.e. late if it is not completed. */
export function isOverdue(deadline: Deadline, asOf: string): boolean {
  return !!deadline.due && deadline.due < asOf.slice(0, 10);
}
