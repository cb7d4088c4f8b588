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
import type { Task } from '../domain/task';
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
  terms: Set<number>;
  weight: number;
  trigrams?: Set<string>;
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

function trigramsOf(key: string): Set<string> {
  const s = ` ${key} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= s.length; i++) out.add(s.slice(i, i + 3));
  return out;
}

function diceSets(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let n = 0;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) n++;
  return (2 * n) / (a.size + b.size);
}

export class TextIndex {
  readonly tasks: Task[];
  private readonly vocab = new Map<string, number>();
  private idf: Float64Array = new Float64Array(0);
  private postings: Int32Array[] = [];
  private readonly entries: Entry[] = [];
  /** terms in more than this many tasks do not generate candidates (they still count in the scores). */
  private readonly maxPosting: number;
  private readonly acc: Float64Array;
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
      this.entries.push({ terms: ids, weight: 0, key });
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
    this.maxPosting = Math.max(50, Math.floor(n * 0.15));
    this.acc = new Float64Array(tasks.length);
  }

  private trigrams(i: number): Set<string> {
    const e = this.entries[i]!;
    return (e.trigrams ??= trigramsOf(e.key));
  }

  /** The `limit` tasks most like the text, best first (text score), each with the parts of its score. */
  search(text: string, limit = 8, opts: { shortened?: boolean } = {}): TextScore[] {
    const qTerms = terms(matchTokens(text));
    if (qTerms.length === 0) return [];
    let qWeight = 0;
    const known: number[] = [];
    for (const t of qTerms) {
      const id = this.vocab.get(t);
      if (id === undefined) {
        // an unknown bigram weighs like a rare term; unknown syllables too (they are what extra clauses add)
        qWeight += t.includes(' ') ? this.unseenIdf * 0.5 : this.unseenIdf * 0.5;
      } else {
        qWeight += this.idf[id]!;
        known.push(id);
      }
    }
    // candidates: accumulate shared weight over selective terms
    const acc = this.acc;
    const touched: number[] = [];
    for (const id of known) {
      const list = this.postings[id]!;
      if (list.length > this.maxPosting) continue;
      const w = this.idf[id]!;
      for (let k = 0; k < list.length; k++) {
        const i = list[k]!;
        if (acc[i] === 0) touched.push(i);
        acc[i] += w;
      }
    }
    // keep the best by partial score, then score them exactly
    const pre = touched.sort((a, b) => acc[b]! - acc[a]!).slice(0, Math.max(limit * 4, 24));
    for (const i of touched) acc[i] = 0;
    const qSet = new Set(known);
    const qTri = trigramsOf(matchKey(text));
    const out: TextScore[] = [];
    for (const i of pre) {
      const e = this.entries[i]!;
      let shared = 0;
      for (const id of qSet) if (e.terms.has(id)) shared += this.idf[id]!;
      const dice = (2 * shared) / (qWeight + e.weight);
      const coverRow = shared / qWeight;
      const coverTask = shared / e.weight;
      const trigram = diceSets(qTri, this.trigrams(i));
      out.push({ index: i, dice, coverRow, coverTask, trigram, text: blend(dice, coverRow, coverTask, trigram, opts.shortened) });
    }
    return out.sort((a, b) => b.text - a.text).slice(0, limit);
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
      if (id !== undefined && e.terms.has(id)) shared += w;
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
