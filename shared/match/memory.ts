/**
 * What the matcher remembers (#19): the secretariat's decisions and the agency's previous report, as one pure,
 * synchronous look-up built once per report (the store is read before matching, never per row).
 *
 * Order of use (see match.ts): the same agency's row with the same normalised text as a decided row → that task
 * (auto when still in force and still the agency's); a near-identical row of the same agency (a clause added or
 * removed, words reordered, typing slips) → a strong feature; a row copied from the agency's previous report → that
 * row's final task, same checks; another agency's decision → a feature only. A rejection ("not this task") is
 * negative evidence for the same or a near-identical text.
 */
import type { DecisionRecord } from '#shared/domain/decision';
import type { StoredRow } from '#shared/domain/report';
import { keyTokens, matchKey, matchTokens } from './normalise';

export interface Recalled {
  kind: 'task' | 'new' | 'not';
  taskId?: string;
  /** 'decision': the secretariat decided; 'previous': the agency's previous report's row (its final task). */
  origin: 'decision' | 'previous';
  agencyId: string;
  textKey: string;
  at: string;
  source: { reportId: string; rowId: string; fileName?: string; reportDate?: string; stt?: string };
  decisionId?: string;
}

export interface Recall {
  /** same agency, same normalised text: decisions first, then the previous report; newest first. */
  same: Recalled[];
  /** same agency, near-identical text (best first). */
  near: Array<{ r: Recalled; sim: number }>;
  /** other agencies' decisions on the same or a near-identical text. */
  others: Recalled[];
}

export interface Memory {
  agencyId?: string;
  size: number;
  recall(content: string): Recall;
}

/** How alike two rows of one agency must be to be "the same row, edited". */
export const NEAR = {
  /** unigram Dice (reordered words, a few slips). */
  dice: 0.85,
  /** the shorter's words found in the longer (a clause added or removed), both sides this long at least. */
  contain: 0.9,
  minTokens: 8,
};

interface Entry {
  r: Recalled;
  /** its words (a word may repeat: the index counts each once). */
  tokens: string[];
}

function tokenSet(text: string): Set<string> {
  return new Set(matchTokens(text));
}

/** The near-similarity of two rows from their sizes and shared words; 0 when not near. */
function nearOf(n: number, a: number, b: number): number {
  if (a < NEAR.minTokens || b < NEAR.minTokens) return 0;
  const small = Math.min(a, b);
  const dice = (2 * n) / (a + b);
  if (dice >= NEAR.dice) return dice;
  if (n / small >= NEAR.contain && small >= 0.6 * Math.max(a, b)) return Math.min(dice + 0.1, 0.99);
  return 0;
}

/** Similarity of two token sets for "the same row, edited"; 0 when not near. */
export function nearSimilarity(a: Set<string>, b: Set<string>): number {
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  let n = 0;
  for (const t of small) if (big.has(t)) n++;
  return nearOf(n, a.size, b.size);
}

/**
 * The near look-up (#19 item 6: thousands of decisions per agency must not slow matching): an inverted index from
 * each word to the rows holding it, words ranked rarest first over the memory, each row's words as sorted ranks.
 * A row's candidates are the rows holding at least 2 of its 4 rarest known words and of a like size (an edit keeps
 * most words); only those are compared, by merging two sorted arrays. Typed arrays and a stamp per look-up: no
 * per-row maps or sets.
 */
const PROBES = 4;
/** a near row shares at least this part of the larger row's words: Dice ≥ 0.85 needs 0.74, "the shorter's words in
 *  the longer" 0.9 of a row at least 0.6 of the other's size needs 0.54. */
const MIN_SHARE = NEAR.contain * 0.6;
const PROBE_HITS = 2;
/** the sizes a near row can have: the shorter at least 0.6 of the longer. */
const SIZE_RATIO = 0.6;

class NearIndex {
  /** token → its rank (rarest first over the memory's rows). */
  private readonly rank = new Map<string, number>();
  /** every entry's token ranks, ascending, one after the other: entry k is words[start[k] … start[k+1]). */
  private readonly words: Int32Array;
  private readonly start: Int32Array;
  /** rank r → the entries holding it: holders[first[r] … first[r+1]). */
  private readonly holders: Int32Array;
  private readonly first: Int32Array;
  /** per entry, for the current look-up: (look-up number × 8) + probe hits; a stale number means 0 hits. */
  private readonly state: Int32Array;
  /** per word rank: the look-up whose row holds it. */
  private readonly mark: Int32Array;
  private round = 0;

  constructor(private readonly entries: Entry[]) {
    // words → provisional ids, each row's ids once; then ranks by how many rows hold a word (rarest first)
    const ids = new Map<string, number>();
    const seen: number[] = [];
    const freq: number[] = [];
    const flat: number[] = [];
    const start = new Int32Array(entries.length + 1);
    entries.forEach((e, k) => {
      for (const t of e.tokens) {
        let id = ids.get(t);
        if (id === undefined) {
          id = ids.size;
          ids.set(t, id);
          freq.push(0);
          seen.push(-1);
        }
        if (seen[id] === k) continue;
        seen[id] = k;
        freq[id]!++;
        flat.push(id);
      }
      start[k + 1] = flat.length;
    });
    const order = Int32Array.from(freq.keys()).sort((x, y) => freq[x]! - freq[y]! || x - y);
    const rankOf = new Int32Array(order.length);
    const first = new Int32Array(order.length + 1);
    order.forEach((id, r) => {
      rankOf[id] = r;
      first[r + 1] = first[r]! + freq[id]!;
    });
    for (const [t, id] of ids) this.rank.set(t, rankOf[id]!);
    const words = Int32Array.from(flat, (id) => rankOf[id]!);
    const holders = new Int32Array(flat.length);
    const fill = first.slice(0, order.length);
    for (let k = 0; k < entries.length; k++) {
      const row = words.subarray(start[k]!, start[k + 1]!);
      row.sort();
      for (const r of row) holders[fill[r]!++] = k;
    }
    this.words = words;
    this.start = start;
    this.holders = holders;
    this.first = first;
    this.state = new Int32Array(entries.length);
    this.mark = new Int32Array(order.length);
  }

  /** Entries near the row's tokens, with their similarity. */
  near(tokens: Set<string>): Array<{ e: Entry; sim: number }> {
    const a = tokens.size;
    if (a < NEAR.minTokens || !this.entries.length) return [];
    const known: number[] = [];
    for (const t of tokens) {
      const r = this.rank.get(t);
      if (r !== undefined) known.push(r);
    }
    // a near row shares at least 0.54 of the larger row's words (see nearOf): words the memory never saw are missing
    if (known.length < Math.ceil(MIN_SHARE * a)) return [];
    known.sort((x, y) => x - y);
    const lo = SIZE_RATIO * a;
    const hi = a / SIZE_RATIO;
    const need = Math.min(PROBE_HITS, known.length);
    const round = ++this.round;
    const base = round * 8;
    const { state, holders, first, start, words, mark } = this;
    const found: number[] = [];
    for (let i = 0; i < PROBES && i < known.length; i++) {
      const r = known[i]!;
      for (let q = first[r]!, end = first[r + 1]!; q < end; q++) {
        const k = holders[q]!;
        let s = state[k]!;
        if (s < base) {
          const b = start[k + 1]! - start[k]!;
          // a row of another size cannot be near: never counted
          s = b < lo || b > hi ? base + 7 : base;
        }
        if (s === base + 7) {
          state[k] = s;
          continue;
        }
        state[k] = ++s;
        if (s - base === need) found.push(k);
      }
    }
    const out: Array<{ e: Entry; sim: number }> = [];
    if (!found.length) return out;
    // the row's words marked once; a candidate's words are counted against the marks, stopping as soon as the
    // words left cannot reach the share a near row needs
    for (const r of known) mark[r] = round;
    for (const k of found) {
      const from = start[k]!;
      const b = start[k + 1]! - from;
      const least = Math.ceil(MIN_SHARE * Math.max(a, b));
      const misses = b - least;
      let n = 0;
      let miss = 0;
      for (let j = from, end = from + b; j < end; j++) {
        if (mark[words[j]!] === round) n++;
        else if (++miss > misses) break;
      }
      const sim = miss > misses ? 0 : nearOf(n, a, b);
      if (sim) out.push({ e: this.entries[k]!, sim });
    }
    return out;
  }
}

/** The final answer of a stored row of a previous report: the secretariat's override, else the matcher's auto. */
export function finalAnswer(row: StoredRow): { kind: 'task' | 'new' | 'not'; taskId?: string } | undefined {
  const o = row.override;
  if (o?.action === 'accept' && o.taskId) return { kind: 'task', taskId: o.taskId };
  if (o?.action === 'new') return { kind: 'new' };
  if (o?.action === 'reject') return row.match?.taskId ? { kind: 'not', taskId: row.match.taskId } : undefined;
  if (row.match?.decision === 'auto' && row.match.taskId) return { kind: 'task', taskId: row.match.taskId };
  return undefined;
}

export interface PreviousReport {
  reportId: string;
  fileName?: string;
  reportDate?: string;
  rows: StoredRow[];
}

/**
 * Build the memory for one report of `agencyId`: `decisions` (any agencies; withdrawn ones are ignored) and the
 * agency's previous report, if any.
 */
export function buildMemory(input: { agencyId?: string; decisions: DecisionRecord[]; previous?: PreviousReport }): Memory {
  const own: Entry[] = [];
  const other: Entry[] = [];
  for (const d of input.decisions) {
    if (d.withdrawnAt || d.agencyId === '-') continue;
    const r: Recalled = {
      kind: d.answer.kind,
      ...(d.answer.kind !== 'new' ? { taskId: d.answer.taskId } : {}),
      origin: 'decision',
      agencyId: d.agencyId,
      textKey: d.textKey,
      at: d.at,
      source: d.source,
      decisionId: d.id,
    };
    // the record's key was made from its text when decided: its words without normalising 10,000 texts again
    (input.agencyId && d.agencyId === input.agencyId ? own : other).push({ r, tokens: keyTokens(d.textKey) });
  }
  if (input.previous && input.agencyId) {
    const p = input.previous;
    for (const row of p.rows) {
      const a = finalAnswer(row);
      const content = row.cells.content ?? '';
      if (!a || !matchKey(content)) continue;
      own.push({
        r: {
          ...a,
          origin: 'previous',
          agencyId: input.agencyId,
          textKey: matchKey(content),
          at: row.override?.at ?? p.reportDate ?? '',
          source: { reportId: p.reportId, rowId: row.rowId, fileName: p.fileName, reportDate: p.reportDate, stt: row.cells.stt },
        },
        tokens: matchTokens(content),
      });
    }
  }
  const byKey = new Map<string, Entry[]>();
  for (const e of own) {
    const l = byKey.get(e.r.textKey) ?? [];
    l.push(e);
    byKey.set(e.r.textKey, l);
  }
  // decisions before the previous report's rows; the newest first
  const rank = (e: Entry) => (e.r.origin === 'decision' ? 0 : 1);
  for (const l of byKey.values()) l.sort((a, b) => rank(a) - rank(b) || b.r.at.localeCompare(a.r.at));
  // near look-ups: one index over both the agency's rows and the other agencies' decisions
  const ownSet = new Set(own);
  const nearIndex = new NearIndex([...own, ...other]);
  const otherByKey = new Map<string, Entry[]>();
  for (const e of other) otherByKey.set(e.r.textKey, [...(otherByKey.get(e.r.textKey) ?? []), e]);

  return {
    agencyId: input.agencyId,
    size: own.length + other.length,
    recall(content: string): Recall {
      const key = matchKey(content);
      const same = (byKey.get(key) ?? []).map((e) => e.r);
      const tokens = tokenSet(content);
      const near: Array<{ r: Recalled; sim: number }> = [];
      const others: Recalled[] = (otherByKey.get(key) ?? []).map((e) => e.r);
      for (const { e, sim } of nearIndex.near(tokens)) {
        if (e.r.textKey === key) continue;
        if (ownSet.has(e)) near.push({ r: e.r, sim });
        else others.push(e.r);
      }
      near.sort((a, b) => b.sim - a.sim || (a.r.origin === 'decision' ? -1 : 1) || b.r.at.localeCompare(a.r.at));
      return { same, near, others };
    },
  };
}

/** "confirmed on 2024-06-20 (report bao-cao.docx, row 12)" — the code the explanation translates (explain.ts). */
export function recalledWhy(r: Recalled, how: 'same' | 'near' | 'other'): string {
  const where = `report ${r.source.fileName ?? r.source.reportId.slice(0, 12)}, row ${r.source.stt ?? r.source.rowId}`;
  const day = r.at.slice(0, 10);
  if (r.kind === 'not') return `remembered: rejected on ${day} (${where})`;
  if (how === 'other') return `remembered: another agency confirmed on ${day} (${where})`;
  if (r.origin === 'previous') return `remembered: ${how === 'near' ? 'edited ' : ''}row of the previous report (${where})`;
  if (r.kind === 'new') return `remembered: marked new on ${day} (${where})`;
  return `remembered: ${how === 'near' ? 'edited row ' : ''}confirmed on ${day} (${where})`;
}
