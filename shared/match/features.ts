/**
 * The evidence beside the words: does the row's deadline agree with the task's, do its references cite the task's
 * directive, does its section agree. Each feature gives a score adjustment and a reason the reviewer can read.
 */
import type { Deadline, Task } from '#shared/domain/task';
import { deadlineKey as rawDeadlineKey } from '#shared/deadlines';
import { memo } from './memo';
import { citedDirectives, directiveKey, matchTokens } from './normalise';

export const OUTSIDE = 'refs: only documents outside the registry';

export interface Feature {
  score: number;
  why?: string;
}

const NONE: Feature = { score: 0 };

/** deadlineKey, remembered (the registry's deadlines come back for every row). */
const deadlineKey = memo(rawDeadlineKey);

function yearOf(d: Deadline): number | undefined {
  if (d.due) return Number(d.due.slice(0, 4));
  return d.targetYear;
}

/**
 * Deadline agreement. The same words assigned in 2023 and again in 2024 differ by deadline, so agreement counts
 * and a different year counts against. Forms without a date ("thường xuyên", "theo lộ trình") agree only with the
 * same form.
 */
export function deadlineAgreement(row: Deadline | undefined, task: Deadline, opts: { issued?: string; cited?: boolean } = {}): Feature {
  if (!row || !row.raw.trim()) return NONE;
  const rk = deadlineKey(row.raw);
  const tk = deadlineKey(task.raw);
  if (rk && rk === tk) return { score: 0.12, why: 'deadline: as written' };
  if (row.due && task.due && row.due.slice(0, 7) === task.due.slice(0, 7)) return { score: 0.12, why: 'deadline: same month' };
  // due before the directive was issued: an earlier assignment of the same words (roadmap 2022, a 2023 notice) —
  // unless the row's references cite this directive
  if (row.due && opts.issued && row.due < opts.issued && !opts.cited) {
    return { score: -0.6, why: `deadline ${row.due.slice(0, 7)} is before the directive (${opts.issued})` };
  }
  if (row.due && task.due) {
    if (row.due.slice(0, 4) === task.due.slice(0, 4)) return { score: 0.05, why: 'deadline: same year' };
    return { score: -0.12, why: `deadline: ${row.due.slice(0, 7)} ≠ ${task.due.slice(0, 7)}` };
  }
  if (row.kind === 'recurring' && task.kind === 'recurring') return { score: 0.08, why: 'deadline: both recurring' };
  if (row.kind === 'roadmap' && task.kind === 'roadmap') {
    return row.targetYear === task.targetYear ? { score: 0.08, why: 'deadline: same roadmap' } : { score: 0.02 };
  }
  const ry = yearOf(row);
  const ty = yearOf(task);
  if (ry && ty) {
    if (ry === ty) return { score: 0.04, why: 'deadline: same year' };
    return { score: -0.08, why: `deadline: ${ry} ≠ ${ty}` };
  }
  return NONE;
}

/**
 * References: a refs column citing the task's directive is strong evidence; one that cites only documents outside
 * the registry (notices "2513/TCTTKĐA", "Chỉ thị 27") says the row is a task the registry does not hold.
 */
export function referenceAgreement(
  refs: string[],
  contentRefs: string[],
  task: Task,
  registryDirectives: Set<string>,
): Feature {
  const own = directiveKey(task.directive.number);
  if (refs.includes(own)) return { score: 0.08, why: `refs: ${task.directive.number}` };
  if (contentRefs.includes(own) && !task.content.includes(task.directive.number)) {
    return { score: 0.05, why: `text cites ${task.directive.number}` };
  }
  if (refs.length === 0) return NONE;
  if (refs.some((r) => registryDirectives.has(r))) return { score: -0.05, why: 'refs: another directive' };
  return { score: -0.3, why: OUTSIDE };
}

/** The refs column, and any directive the row's own text cites. */
export function rowReferences(refsCell: string | undefined, content: string | undefined): { refs: string[]; contentRefs: string[] } {
  return { refs: refsCell ? citedDirectives(refsCell) : [], contentRefs: content ? citedDirectives(content) : [] };
}

const sectionCache = new Map<string, Set<string>>();
function sectionWords(s: string): Set<string> {
  let w = sectionCache.get(s);
  if (!w) {
    w = new Set(matchTokens(s).filter((t) => !/^[ivxlc]+$|^[a-d]$|^\d+$/.test(t)));
    if (sectionCache.size > 5000) sectionCache.clear();
    sectionCache.set(s, w);
  }
  return w;
}

/** Section: "Nhiệm vụ chung của các bộ, ngành, địa phương" in the report and in the directive. */
export function sectionAgreement(rowSection: string | undefined, task: Task): Feature {
  if (!rowSection || !task.section?.title) return NONE;
  const a = sectionWords(rowSection);
  const b = sectionWords(task.section.title);
  if (a.size === 0 || b.size === 0) return NONE;
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  const j = n / (a.size + b.size - n);
  return j >= 0.6 ? { score: 0.03, why: 'section agrees' } : NONE;
}
