/**
 * Matching a report's rows to the registry: exact lookup of a task id column first; otherwise candidates from the
 * text index, scored with deadline, agency, references and section; then one-to-one assignment inside the report;
 * then a decision per row — `auto` (safe to record), `review` (top candidates and why), `new` (not in the registry).
 *
 * Thresholds were calibrated on tests/fixtures/reports and seed 002 (bench/match.ts) so that `auto` is almost
 * never wrong: a wrong match silently marks the wrong task done in front of the review meeting.
 */
import type { Deadline, Task } from '#shared/domain/task';
import type { ReportRow } from '#shared/domain/row';
import type { RowMatch, RowStatus } from '#shared/domain/report';
import { parseDeadline } from '#shared/deadlines';
import { deadlineAgreement, referenceAgreement, rowReferences, sectionAgreement, type Feature } from './features';
import { directiveKey, isShortened, matchKey, matchTokens } from './normalise';
import { readStatus } from './status';
import { TextIndex, type TextScore } from './text-index';
import { recalledWhy, type Memory, type Recalled } from './memory';

export type MatchRow = ReportRow & { table: number };

export interface MatchInput {
  rows: MatchRow[];
  agencyId?: string;
  reportDate: string;
  /** the secretariat's decisions and the agency's previous report (memory.ts), read before matching. */
  memory?: Memory;
}

/** How a row's agency (or the report's) relates to a task's lead and coordinating agencies, as of the report date. */
export type AgencyAgreement = (task: Task, row: { agencyIds: string[]; reportDate: string }) => Feature;
/** Turns a row's lead cell into agency ids (as of the report date). */
export type AgencyResolver = (text: string, asOf: string) => string[];

export interface MatchOptions {
  agency?: AgencyAgreement;
  resolveAgency?: AgencyResolver;
}

/** Calibrated on the fixtures (see bench/match.ts). */
export const THRESHOLDS = {
  /** score added to the task of a near-identical remembered row (times its similarity). */
  recalledNear: 0.35,
  /** score added for another agency's decision on the same or a near-identical text. */
  recalledOther: 0.1,
  /** a row whose best candidate scores below this is `new`. */
  newBelow: 0.5,
  /** text similarity below this is never `auto`. */
  autoText: 0.62,
  /** final score needed for `auto`. */
  auto: 0.78,
  /** lead over the runner-up needed for `auto`. */
  autoMargin: 0.08,
  /** candidates listed for review. */
  listed: 5,
  /** two directives' tasks this alike are the same obligation (alsoMatches). */
  alsoMatches: 0.8,
};

interface Candidate {
  task: number;
  text: TextScore;
  score: number;
  why: string[];
  /** some evidence speaks against it (deadline in another year, agency not assigned, refs elsewhere). */
  doubt: boolean;
  /** the row is the task's own words: the same text, or the task shortened or extended (never `new`). */
  ownWords: boolean;
  /** an edit of a row the secretariat decided for this task (or the previous report's): a strong feature. */
  recalled?: boolean;
  /** the part of the score that came from another agency's decision (a feature only, never auto on its own). */
  otherBonus?: number;
  /** the secretariat said this text is not this task. */
  rejected?: boolean;
}

interface Prepared {
  index: TextIndex;
  byId: Map<string, number>;
  deadlines: Deadline[];
  directives: Set<string>;
  also: Map<number, string[]>;
}

const prepared = new WeakMap<Task[], Prepared>();
/** the last registries by content: the ingest path reads the tasks afresh for every report (a new array). */
const byContent = new Map<string, Prepared>();

function fingerprint(tasks: Task[]): string {
  let h1 = 0x811c9dc5;
  let h2 = 0;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = (Math.imul(h2, 31) + c) | 0;
    }
  };
  for (const t of tasks) {
    mix(t.id);
    mix(t.content);
    mix(t.deadline?.raw ?? '');
    mix(t.directive.date);
    mix((t.lead?.ids ?? []).join(','));
    mix((t.coord?.ids ?? []).join(','));
    mix((t.lead?.groups ?? []).join(','));
    mix((t.coord?.groups ?? []).join(','));
    mix(t.section?.title ?? '');
    mix(t.directive.number);
    mix(t.removed?.at ?? '');
  }
  return `${tasks.length}:${(h1 >>> 0).toString(36)}:${(h2 >>> 0).toString(36)}`;
}

function prepare(tasks: Task[]): Prepared {
  let p = prepared.get(tasks);
  if (p) return p;
  const key = fingerprint(tasks);
  p = byContent.get(key);
  if (p) {
    // same registry, new array: reuse the index (its tasks are equal)
    prepared.set(tasks, p);
    return p;
  }
  {
    p = {
      index: new TextIndex(tasks),
      byId: new Map(tasks.map((t, i) => [t.id, i])),
      deadlines: tasks.map((t) => (t.deadline?.kind ? t.deadline : parseDeadline(t.deadline?.raw ?? ''))),
      directives: new Set(tasks.map((t) => directiveKey(t.directive.number))),
      also: new Map(),
    };
    prepared.set(tasks, p);
    if (byContent.size >= 2) byContent.delete(byContent.keys().next().value!);
    byContent.set(key, p);
  }
  return p;
}

const round = (x: number) => Math.round(Math.max(0, x) * 1000) / 1000;

/** The same obligation assigned again by another directive (a 2023 task renewed in 2024). */
function alsoMatches(p: Prepared, i: number): string[] {
  let a = p.also.get(i);
  if (!a) {
    const task = p.index.tasks[i]!;
    a = p.index
      .search(task.content, 6)
      .filter((s) => s.index !== i && p.index.tasks[s.index]!.directive.number !== task.directive.number)
      .filter((s) => Math.max(s.dice, 0.5 * (s.coverRow + s.coverTask)) >= THRESHOLDS.alsoMatches)
      .map((s) => p.index.tasks[s.index]!.id);
    p.also.set(i, a);
  }
  return a;
}

/** Rows this short are too generic for "its words are the task's" (a heading, "Triển khai VNeID"). */
const OWN_WORDS_MIN_TOKENS = 8;

/**
 * The row is a registry task's own words: the same text, the task cut short (the row's words are the task's), or
 * the task with clauses added (the task's words are all in the row). Such a row is at worst `review`.
 */
export function ownWords(t: TextScore, rowTokens: number): boolean {
  if (rowTokens < OWN_WORDS_MIN_TOKENS) return false;
  return t.dice >= 0.95 || t.coverRow >= 0.9 || t.coverTask >= 0.9;
}

function describeText(t: TextScore): string {
  if (t.dice >= 0.95) return 'text: same';
  if (t.coverRow >= 0.9 && t.coverTask < 0.8) return `text: shortened task (${round(t.text)})`;
  if (t.coverTask >= 0.9 && t.coverRow < 0.8) return `text: task with added clauses (${round(t.text)})`;
  return `text: ${round(t.text)}`;
}

function scoreRow(p: Prepared, row: MatchRow, input: MatchInput, opts: MatchOptions): Candidate[] {
  const content = row.content ?? '';
  if (!matchKey(content)) return [];
  const shortened = isShortened(content);
  const texts = p.index.search(content, 7, { shortened });
  if (texts.length === 0) return [];
  const rowDeadline = row.deadline ? parseDeadline(row.deadline, { reference: input.reportDate }) : undefined;
  const { refs, contentRefs } = rowReferences(row.refs, content);
  const tokens = matchTokens(content).length;
  const leadIds = row.lead && opts.resolveAgency ? opts.resolveAgency(row.lead, input.reportDate) : [];
  const agencyIds = [...new Set([...leadIds, ...(input.agencyId ? [input.agencyId] : [])])];
  const scored = texts
    .map((t) => {
      const task = p.index.tasks[t.index]!;
      const feats: Feature[] = [
        deadlineAgreement(rowDeadline, p.deadlines[t.index]!, {
          issued: task.directive.date,
          cited: refs.includes(directiveKey(task.directive.number)),
        }),
        referenceAgreement(refs, contentRefs, task, p.directives),
        sectionAgreement(row.section, task),
        agencyIds.length && opts.agency ? opts.agency(task, { agencyIds, reportDate: input.reportDate }) : { score: 0 },
        // a later import no longer lists it: the secretariat decides
        task.removed ? { score: -0.05, why: `removed from the registry on ${task.removed.at.slice(0, 10)}` } : { score: 0 },
      ];
      const score = t.text + feats.reduce((s, f) => s + f.score, 0);
      const why = [describeText(t), ...feats.flatMap((f) => (f.why ? [f.why] : []))];
      return { task: t.index, text: t, score, why, doubt: feats.some((f) => f.score < 0), ownWords: ownWords(t, tokens) };
    })
    .sort((a, b) => b.score - a.score);
  return collapseEquivalents(p, scored, refs);
}

/**
 * The same obligation in several directives (04/CT-TTg:B.56 copied from NQ 175/NQ-CP, 04/CT-TTg:A.7 again in the plan
 * 142/QĐ-VPCP) scores alike; it is one candidate, not a tie. Within a near-tie of equivalent tasks the row takes the
 * directive its refs cite, else the Prime Minister's directive (CT-TTg) the reports answer to, else the newest; the
 * others are reported as alsoMatches.
 */
function collapseEquivalents(p: Prepared, cs: Candidate[], refs: string[]): Candidate[] {
  const pref = (c: Candidate): [number, number, string] => {
    const d = p.index.tasks[c.task]!.directive;
    return [refs.includes(directiveKey(d.number)) ? 0 : 1, /CT-TTg/i.test(d.number) ? 0 : 1, d.date];
  };
  const better = (a: Candidate, b: Candidate) => {
    const [a1, a2, a3] = pref(a);
    const [b1, b2, b3] = pref(b);
    return a1 !== b1 ? a1 < b1 : a2 !== b2 ? a2 < b2 : a3 > b3;
  };
  const dropped = new Set<Candidate>();
  for (const c of cs) {
    if (dropped.has(c)) continue;
    const same = alsoMatches(p, c.task);
    for (const o of cs) {
      if (o === c || dropped.has(o) || Math.abs(o.score - c.score) >= 0.05) continue;
      if (!same.includes(p.index.tasks[o.task]!.id)) continue;
      if (better(o, c)) {
        dropped.add(c);
        o.score = Math.max(o.score, c.score);
        break;
      }
      dropped.add(o);
      c.score = Math.max(o.score, c.score);
    }
  }
  return cs.filter((c) => !dropped.has(c)).sort((a, b) => b.score - a.score);
}

const TAKEN_ELSEWHERE = 'its best task is reported by another row';

/** Two rows that are really the same line listed twice (same words, same deadline). */
function sameLine(a: MatchRow, b: MatchRow): boolean {
  return matchKey(a.content ?? '') === matchKey(b.content ?? '') && (a.deadline ?? '') === (b.deadline ?? '');
}

/**
 * Match every row of one report. Results are in the order of `input.rows`. `status` is the row's own status
 * (mark, assessment or result text), whatever the match.
 */
export function matchRows(input: MatchInput, tasks: Task[], opts: MatchOptions = {}): Array<{ match: RowMatch; status: RowStatus }> {
  const p = prepare(tasks);
  const rows = input.rows;
  const results: Array<{ match: RowMatch; status: RowStatus }> = new Array(rows.length);
  const cands: Candidate[][] = rows.map(() => []);
  const taken = new Map<number, number>(); // task index → row index
  const exact = new Set<number>();

  // 1. exact lookup: our pre-filled templates carry the task id
  rows.forEach((row, r) => {
    const id = row.taskId?.trim();
    const i = id ? p.byId.get(id) : undefined;
    if (i !== undefined) {
      exact.add(r);
      taken.set(i, r);
      results[r] = {
        match: { taskId: id!, score: 1, decision: 'auto', candidates: [{ taskId: id!, score: 1, why: ['task id column'] }], alsoMatches: alsoMatches(p, i) },
        status: readStatus(row),
      };
    }
  });

  // 2. candidates and scores for the rest
  rows.forEach((row, r) => {
    if (!exact.has(r)) cands[r] = scoreRow(p, row, input, opts);
  });

  // 2b. memory: the secretariat's decisions and the agency's previous report
  const pinned = new Map<number, { c: Candidate; rec: Recalled }>();
  const forced = new Map<number, string>();
  const fresh = new Map<number, Recalled>();
  const recalled = new Map<number, NonNullable<RowMatch['recalled']>>();
  if (input.memory?.size) {
    const mem = input.memory;
    /** why a remembered task cannot be used today (checked now, never stored in the memory). */
    const blocked = (rec: Recalled): string | undefined => {
      const taskId = rec.taskId!;
      const i = p.byId.get(taskId);
      if (i === undefined) return `remembered task ${taskId} is not in the registry`;
      const task = p.index.tasks[i]!;
      if (task.removed) return `remembered task ${taskId} removed from the registry on ${task.removed.at.slice(0, 10)}`;
      // the agency's when decided, no longer the agency's now (a successor took it over); a task the secretariat
      // gave the agency although the registry does not name it stays the secretariat's word
      if (mem.agencyId && opts.agency) {
        const then = rec.source.reportDate ?? rec.at.slice(0, 10);
        const was = opts.agency(task, { agencyIds: [mem.agencyId], reportDate: then }).score >= 0;
        const is = opts.agency(task, { agencyIds: [mem.agencyId], reportDate: input.reportDate }).score >= 0;
        if (was && !is) return `remembered task ${taskId} is no longer assigned to the agency`;
      }
      return undefined;
    };
    const candidateFor = (r: number, taskId: string): Candidate | undefined => {
      const i = p.byId.get(taskId);
      if (i === undefined) return undefined;
      let c = cands[r]!.find((x) => x.task === i);
      if (!c) {
        const content = rows[r]!.content ?? '';
        const t = p.index.score(content, i, { shortened: isShortened(content) });
        c = { task: i, text: t, score: t.text, why: [describeText(t)], doubt: false, ownWords: ownWords(t, matchTokens(content).length) };
        cands[r]!.push(c);
      }
      return c;
    };
    rows.forEach((row, r) => {
      if (exact.has(r) || !matchKey(row.content ?? '')) return;
      const rc = mem.recall(row.content ?? '');
      const note = (rec: Recalled, how: 'same' | 'near', why: string, block?: string) =>
        recalled.set(r, { kind: rec.kind, ...(rec.taskId ? { taskId: rec.taskId } : {}), origin: rec.origin, how, why, ...(rec.decisionId ? { decisionId: rec.decisionId } : {}), ...(block ? { blocked: block } : {}) });
      // negative evidence first: "not this task" for the same or a near-identical text
      const rejected = new Set<string>();
      for (const rec of [...rc.same, ...rc.near.map((n) => n.r)]) {
        if (rec.kind !== 'not' || !rec.taskId || rejected.has(rec.taskId)) continue;
        rejected.add(rec.taskId);
        const c = cands[r]!.find((x) => p.index.tasks[x.task]!.id === rec.taskId);
        if (c) {
          c.score -= 1;
          c.doubt = true;
          c.rejected = true;
          c.why.push(recalledWhy(rec, 'same'));
        }
      }
      const usable = (rec: Recalled) => rec.kind === 'new' || (rec.kind === 'task' && !rejected.has(rec.taskId!));
      const same = rc.same.find(usable);
      if (same) {
        const why = recalledWhy(same, 'same');
        if (same.kind === 'new') {
          fresh.set(r, same);
          note(same, 'same', why);
          return;
        }
        const block = blocked(same);
        const c = candidateFor(r, same.taskId!);
        if (c) c.why.push(why);
        if (block) {
          c?.why.push(block);
          forced.set(r, block);
          note(same, 'same', why, block);
          return;
        }
        const holder = taken.get(c!.task);
        if (holder !== undefined && !sameLine(rows[holder]!, row)) {
          forced.set(r, TAKEN_ELSEWHERE);
          note(same, 'same', why, TAKEN_ELSEWHERE);
          return;
        }
        taken.set(c!.task, r);
        pinned.set(r, { c: c!, rec: same });
        note(same, 'same', why);
        return;
      }
      const near = rc.near.find((n) => usable(n.r));
      if (near) {
        const why = recalledWhy(near.r, 'near');
        if (near.r.kind === 'new') {
          // an edit of a row marked new: the same out-of-registry item, unless it is a registry task's own words
          if (!cands[r]!.some((c) => c.ownWords && !c.rejected)) {
            fresh.set(r, near.r);
            note(near.r, 'near', why);
          }
          return;
        }
        const block = blocked(near.r);
        const c = candidateFor(r, near.r.taskId!);
        if (c) c.why.push(why);
        if (block) {
          c?.why.push(block);
          forced.set(r, block);
          note(near.r, 'near', why, block);
          return;
        }
        c!.score += THRESHOLDS.recalledNear * near.sim;
        c!.recalled = true;
        note(near.r, 'near', why);
        return;
      }
      // another agency's decision: a feature only
      for (const rec of rc.others) {
        if (rec.kind !== 'task' || !rec.taskId || rejected.has(rec.taskId)) continue;
        const c = cands[r]!.find((x) => p.index.tasks[x.task]!.id === rec.taskId);
        if (!c || c.otherBonus) continue;
        c.score += THRESHOLDS.recalledOther;
        c.otherBonus = THRESHOLDS.recalledOther;
        c.why.push(recalledWhy(rec, 'other'));
      }
    });
    for (const cs of cands) cs.sort((a, b) => b.score - a.score);
  }

  // 3. one-to-one: best pairs first; a task goes to one row unless the report lists the same line twice
  const pairs: Array<{ r: number; c: Candidate; rank: number }> = [];
  cands.forEach((cs, r) => cs.forEach((c, rank) => pairs.push({ r, c, rank })));
  pairs.sort((a, b) => b.c.score - a.c.score || a.rank - b.rank);
  const assigned = new Map<number, { c: Candidate; rank: number; displaced?: string }>();
  for (const { r, c, rank } of pairs) {
    if (assigned.has(r) || exact.has(r) || pinned.has(r) || fresh.has(r)) continue;
    // a weak score is `new`, unless the row is the task's own words (the contrary evidence is for the secretariat)
    if (c.score < THRESHOLDS.newBelow && !c.ownWords) continue;
    const holder = taken.get(c.task);
    if (holder !== undefined && !sameLine(rows[holder]!, rows[r]!)) continue;
    taken.set(c.task, r);
    const displaced = rank > 0 ? p.index.tasks[cands[r]![0]!.task]!.id : undefined;
    assigned.set(r, { c, rank, displaced });
  }

  // 4. a decision per row
  rows.forEach((row, r) => {
    if (exact.has(r)) return;
    const cs = cands[r]!;
    const status = readStatus(row);
    const memo = recalled.get(r);
    const withMemo = (m: RowMatch): RowMatch => (memo ? { ...m, recalled: memo } : m);
    const pin = pinned.get(r);
    if (pin) {
      // same agency, same words as a decided row, task still in force and still the agency's
      const ordered = [pin.c, ...cs.filter((c) => c !== pin.c)];
      const listedPin = ordered.slice(0, THRESHOLDS.listed).map((c) => ({ taskId: p.index.tasks[c.task]!.id, score: round(c.score), why: c.why }));
      results[r] = { match: withMemo({ taskId: p.index.tasks[pin.c.task]!.id, score: round(pin.c.score), decision: 'auto', candidates: listedPin, alsoMatches: alsoMatches(p, pin.c.task) }), status };
      return;
    }
    const listed = cs.slice(0, THRESHOLDS.listed).map((c) => ({ taskId: p.index.tasks[c.task]!.id, score: round(c.score), why: c.why }));
    if (fresh.has(r)) {
      // an out-of-registry item the secretariat already marked: not asked again
      results[r] = { match: withMemo({ taskId: null, score: round(cs[0]?.score ?? 0), decision: 'new', candidates: listed }), status };
      return;
    }
    const a = assigned.get(r);
    if (!a) {
      const best = cs[0];
      // a strong candidate (or the task's own words) taken by another row of this report is a question for the
      // secretariat, not a new task; the candidates stay listed either way (the secretariat may still link a new row)
      if (best && (best.score >= THRESHOLDS.newBelow || best.ownWords)) {
        listed[0]?.why?.push(TAKEN_ELSEWHERE);
        results[r] = { match: withMemo({ taskId: null, score: round(best.score), decision: 'review', candidates: listed }), status };
      } else if (forced.has(r)) {
        results[r] = { match: withMemo({ taskId: null, score: round(best?.score ?? 0), decision: 'review', candidates: listed }), status };
      } else {
        results[r] = { match: withMemo({ taskId: null, score: round(best?.score ?? 0), decision: 'new', candidates: listed }), status };
      }
      return;
    }
    const { c, rank, displaced } = a;
    const others = cs.filter((o) => o !== c);
    // another agency's decision ranks candidates but never makes an auto: the lead is measured without it
    const own = (o: Candidate) => o.score - (o.otherBonus ?? 0);
    const runnerUp = others.length ? Math.max(...others.map(own)) : 0;
    const margin = own(c) - runnerUp;
    // a remembered edit stands on the secretariat's word: the top candidate by the usual margin (no score or text
    // floor against the registry's wording — the row is the agency's; the evidence the secretariat saw is not held
    // against it)
    const auto = forced.has(r) || c.rejected
      ? false
      : c.recalled
        ? rank === 0 && margin >= THRESHOLDS.autoMargin
        : rank === 0 && !c.doubt && own(c) >= THRESHOLDS.auto && c.text.text >= THRESHOLDS.autoText && margin >= THRESHOLDS.autoMargin;
    if (displaced) listed.find((l) => l.taskId === displaced)?.why?.push('taken by another row of this report');
    results[r] = {
      match: withMemo({
        taskId: p.index.tasks[c.task]!.id,
        score: round(c.score),
        decision: auto ? 'auto' : 'review',
        candidates: listed,
        alsoMatches: alsoMatches(p, c.task),
      }),
      status,
    };
  });
  return results;
}
