/**
 * The text index over the registry: IDF-weighted sets of syllables and syllable bigrams of the folded matching key
 * (see normalise.ts), built once per task list, plus character trigrams for the re-ranking of the few best.
 *
 * Similarity of a row to a task is read three ways, because reports copy, shorten and extend the task text:
 * - `dice`      : 2·shared / (row + task)       — the same text;
 * - `coverRow`  : shared / row                   — the row is a shortened task ("…" or the first clause only);
 * - `coverTask` : shared / task                  — the row is the task with clauses added.
 * `text` blends them with a character-trigram Dice that forgives the typos no list knows.
 */
import type { Task } from '#shared/domain/task';
import { matchKey, matchTokens } from './normalise';

export interface TextScore {
  index: number;
  dice: number;
  coverRow: number;
  coverTask: number;
  trigram: number;
  text: number;
}

interface Entry {
  /** term ids, sorted. */
  terms: Int32Array;
  weight: number;
  trigrams?: Uint32Array;
  key: string;
}

function terms(tokens: string[]): string[] {
  const out = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    out.add(tokens[i]!);
    if (i + 1 < tokens.length) out.add(`${tokens[i]} ${tokens[i + 1]}`);
  }
  return [...out];
}

/** Character trigrams of a key as sorted distinct 32-bit hashes (compared by merging, no string hashing). */
function trigramsOf(key: string): Uint32Array {
  const s = ` ${key} `;
  const out = new Uint32Array(Math.max(0, s.length - 2));
  for (let i = 0; i + 3 <= s.length; i++) {
    out[i] = ((s.charCodeAt(i) * 65599 + s.charCodeAt(i + 1)) * 65599 + s.charCodeAt(i + 2)) >>> 0;
  }
  out.sort();
  let n = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[i - 1]) out[n++] = out[i]!;
  return out.subarray(0, n);
}

function diceSets(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return (2 * n) / (a.length + b.length);
}

function has(sorted: Int32Array, x: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export class TextIndex {
  readonly tasks: Task[];
  private readonly vocab = new Map<string, number>();
  private idf: Float64Array = new Float64Array(0);
  private postings: Int32Array[] = [];
  private readonly entries: Entry[] = [];
  /** terms in more than this many tasks do not generate candidates (they still count in the scores). */
  private readonly maxPosting: number;
  /** single syllables generate candidates only when rarer than this (pairs of syllables carry the search). */
  private readonly maxUnigramPosting: number;
  private readonly isPair: Uint8Array;
  private readonly acc: Float64Array;
  private readonly touched: Int32Array;
  private readonly mark: Uint8Array;
  private readonly unseenIdf: number;

  constructor(tasks: Task[]) {
    this.tasks = tasks;
    const lists: number[][] = [];
    for (let i = 0; i < tasks.length; i++) {
      const key = matchKey(tasks[i]!.content);
      const ids = new Set<number>();
      for (const t of terms(matchTokens(tasks[i]!.content))) {
        let id = this.vocab.get(t);
        if (id === undefined) {
          id = this.vocab.size;
          this.vocab.set(t, id);
          lists.push([]);
        }
        if (!ids.has(id)) {
          ids.add(id);
          lists[id]!.push(i);
        }
      }
      this.entries.push({ terms: Int32Array.from(ids).sort(), weight: 0, key });
    }
    const n = Math.max(1, tasks.length);
    this.idf = new Float64Array(lists.length);
    lists.forEach((l, id) => (this.idf[id] = Math.log(1 + n / l.length)));
    this.unseenIdf = Math.log(1 + n);
    this.postings = lists.map((l) => Int32Array.from(l));
    for (const e of this.entries) {
      let w = 0;
      for (const id of e.terms) w += this.idf[id]!;
      e.weight = w;
    }
    this.maxPosting = Math.max(50, Math.floor(n * 0.04));
    this.maxUnigramPosting = Math.max(20, Math.floor(n * 0.01));
    this.isPair = new Uint8Array(lists.length);
    for (const [t, id] of this.vocab) if (t.includes(' ')) this.isPair[id] = 1;
    this.acc = new Float64Array(tasks.length);
    this.touched = new Int32Array(tasks.length);
    this.mark = new Uint8Array(this.vocab.size);
  }

  private trigrams(i: number): Uint32Array {
    const e = this.entries[i]!;
    return (e.trigrams ??= trigramsOf(e.key));
  }

  /** The `limit` tasks most like the text, best first (text score), each with the parts of its score. */
  search(text: string, limit = 8, opts: { shortened?: boolean } = {}): TextScore[] {
    const qTerms = terms(matchTokens(text));
    if (qTerms.length === 0) return [];
    let qWeight = 0;
    const known: number[] = [];
    const seen = new Set<number>();
    for (const t of qTerms) {
      const id = this.vocab.get(t);
      if (id === undefined) {
        // an unknown bigram weighs like a rare term; unknown syllables too (they are what extra clauses add)
        qWeight += t.includes(' ') ? this.unseenIdf * 0.5 : this.unseenIdf * 0.5;
      } else if (!seen.has(id)) {
        seen.add(id);
        qWeight += this.idf[id]!;
        known.push(id);
      }
    }
    // candidates: accumulate shared weight over selective terms
    const acc = this.acc;
    const touched = this.touched;
    let nTouched = 0;
    for (const id of known) {
      const list = this.postings[id]!;
      if (list.length > (this.isPair[id] ? this.maxPosting : this.maxUnigramPosting)) continue;
      const w = this.idf[id]!;
      for (let k = 0; k < list.length; k++) {
        const i = list[k]!;
        if (acc[i] === 0) touched[nTouched++] = i;
        acc[i] += w;
      }
    }
    // keep the best few by partial score (a small sorted buffer), then score them exactly
    const keep = Math.max(limit * 2, 16);
    const top: number[] = [];
    let floor = 0;
    for (let k = 0; k < nTouched; k++) {
      const i = touched[k]!;
      const a = acc[i]!;
      if (top.length >= keep && a <= floor) continue;
      let at = top.length;
      while (at > 0 && acc[top[at - 1]!]! < a) at--;
      top.splice(at, 0, i);
      if (top.length > keep) top.pop();
      floor = acc[top[top.length - 1]!]!;
    }
    for (let k = 0; k < nTouched; k++) acc[touched[k]!] = 0;
    // the query's terms as marks, then each candidate's terms against them
    const mark = this.mark;
    for (const id of known) mark[id] = 1;
    const out: TextScore[] = [];
    for (const i of top) {
      const e = this.entries[i]!;
      let shared = 0;
      const ts = e.terms;
      for (let k = 0; k < ts.length; k++) if (mark[ts[k]!] === 1) shared += this.idf[ts[k]!]!;
      const dice = (2 * shared) / (qWeight + e.weight);
      const coverRow = shared / qWeight;
      const coverTask = shared / e.weight;
      out.push({ index: i, dice, coverRow, coverTask, trigram: 0, text: blend(dice, coverRow, coverTask, dice, opts.shortened) });
    }
    for (const id of known) mark[id] = 0;
    // character trigrams for the few that can still win
    out.sort((a, b) => b.text - a.text);
    const fine = out.slice(0, Math.min(out.length, limit + 1));
    const qTri = trigramsOf(matchKey(text));
    for (const o of fine) {
      o.trigram = diceSets(qTri, this.trigrams(o.index));
      o.text = blend(o.dice, o.coverRow, o.coverTask, o.trigram, opts.shortened);
    }
    return fine.sort((a, b) => b.text - a.text).slice(0, limit);
  }

  /** Text score of the text against one task (for tasks outside the candidate list). */
  score(text: string, i: number, opts: { shortened?: boolean } = {}): TextScore {
    const qTerms = terms(matchTokens(text));
    const e = this.entries[i]!;
    let qWeight = 0;
    let shared = 0;
    for (const t of qTerms) {
      const id = this.vocab.get(t);
      const w = id === undefined ? this.unseenIdf * 0.5 : this.idf[id]!;
      qWeight += w;
      if (id !== undefined && has(e.terms, id)) shared += w;
    }
    if (qWeight === 0) return { index: i, dice: 0, coverRow: 0, coverTask: 0, trigram: 0, text: 0 };
    const dice = (2 * shared) / (qWeight + e.weight);
    const coverRow = shared / qWeight;
    const coverTask = shared / e.weight;
    const trigram = diceSets(trigramsOf(matchKey(text)), this.trigrams(i));
    return { index: i, dice, coverRow, coverTask, trigram, text: blend(dice, coverRow, coverTask, trigram, opts.shortened) };
  }
}

/**
 * One number from the three readings. A shortened row is judged by how much of it the task explains; a row with
 * extra clauses by how much of the task it contains (discounted: adding clauses is rarer than cutting).
 */
function blend(dice: number, coverRow: number, coverTask: number, trigram: number, shortened?: boolean): number {
  const contain = Math.max(shortened ? coverRow : coverRow * 0.92, coverTask * 0.9);
  return 0.4 * dice + 0.45 * contain + 0.15 * trigram;
}
