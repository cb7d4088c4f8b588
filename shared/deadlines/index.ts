/**
 * Deadlines: parse what the directives and the reports write, and tell when an unfinished task became late.
 */
export { parseDeadline, deadlineKey, type ParseOptions } from './parse';
export { addDays, monthOf, nextMonth } from './calendar';
export { dueOf, dueState, isOverdue, lateSince, overdueFrom, type DueState } from './due';
export { isoDateOf, DayArg, momentOf, MomentArg, parseArgs } from './args';
