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
import { matchKey, matchTokens } from './normalise';

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
  tokens: Set<string>;
}

function tokenSet(text: string): Set<string> {
  return new Set(matchTokens(text));
}

/** Similarity of two token sets for "the same row, edited"; 0 when not near. */
export function nearSimilarity(a: Set<string>, b: Set<string>): number {
  if (a.size < NEAR.minTokens || b.size < NEAR.minTokens) return 0;
  let n = 0;
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  for (const t of small) if (big.has(t)) n++;
  const dice = (2 * n) / (a.size + b.size);
  const contain = n / small.size;
  if (dice >= NEAR.dice) return dice;
  if (contain >= NEAR.contain && small.size >= 0.6 * big.size) return Math.min(dice + 0.1, 0.99);
  return 0;
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
    (input.agencyId && d.agencyId === input.agencyId ? own : other).push({ r, tokens: tokenSet(d.text) });
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
        tokens: tokenSet(content),
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
  // an inverted index for near look-ups: a row's rarest words find the rows it may be an edit of
  const postings = new Map<string, Entry[]>();
  const index = (es: Entry[]) => {
    for (const e of es) {
      for (const t of e.tokens) {
        const l = postings.get(t) ?? [];
        l.push(e);
        postings.set(t, l);
      }
    }
  };
  index(own);
  index(other);
  const ownSet = new Set(own);
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
      if (tokens.size >= NEAR.minTokens && postings.size) {
        const known: Entry[][] = [];
        for (const t of tokens) {
          const l = postings.get(t);
          if (l) known.push(l);
        }
        known.sort((a, b) => a.length - b.length);
        // an edit keeps most words: a near row holds at least 2 of the row's 4 rarest known words, and is of a like size
        const hits = new Map<Entry, number>();
        const lo = tokens.size * 0.6;
        const hi = tokens.size / 0.6;
        for (const l of known.slice(0, 4)) {
          for (const e of l) {
            const sz = e.tokens.size;
            if (sz < lo || sz > hi) continue;
            hits.set(e, (hits.get(e) ?? 0) + 1);
          }
        }
        const need = Math.min(2, known.length);
        for (const [e, h] of hits) {
          if (h < need || e.r.textKey === key) continue;
          const sim = nearSimilarity(tokens, e.tokens);
          if (!sim) continue;
          if (ownSet.has(e)) near.push({ r: e.r, sim });
          else others.push(e.r);
        }
        near.sort((a, b) => b.sim - a.sim || (a.r.origin === 'decision' ? -1 : 1) || b.r.at.localeCompare(a.r.at));
      }
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
