/**
 * The agency resolver's words, from seeds/domain/agency_lexicon.tsv (group phrases, fillers, sub-unit and
 * provincial-body heads, connectives): data a reviewer can edit, loaded once from the repo's seeds.
 */
import { readFileSync } from 'node:fs';
import { seedPath } from '#shared/domain/seeds';
import { GROUPS, type GroupId } from './model';

export interface AgencyLexicon {
  /** folded phrase → groups; `consumeSegment`: the phrase takes the rest of its segment */
  groups: Array<{ words: string[]; groups: GroupId[]; consumeSegment: boolean }>;
  /** phrases after a group that narrow it to "related" */
  related: string[][];
  /** nouns after a number that make a counted group of provinces */
  countNouns: string[][];
  filler: ReadonlySet<string>;
  unitHeads: ReadonlySet<string>;
  localHeads: string[][];
  trimStart: ReadonlySet<string>;
  trimEnd: ReadonlySet<string>;
}

/** One word folded as the resolver compares it: lower case, no diacritics, đ → d. */
export const foldWord = (w: string) => w.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
const words = (phrase: string) => [...phrase.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => foldWord(m[0]));

const isGroup = (g: string): g is GroupId => g in GROUPS;

/** Parses the TSV (comment lines start with #, the first other line is the header); unknown kinds or groups throw. */
export function parseLexicon(text: string): AgencyLexicon {
  const lex: AgencyLexicon = { groups: [], related: [], countNouns: [], filler: new Set(), unitHeads: new Set(), localHeads: [], trimStart: new Set(), trimEnd: new Set() };
  const lines = text.split('\n').filter((l) => l.trim() && !l.startsWith('#')).slice(1);
  for (const line of lines) {
    const [kind, phrase = '', groupCell = ''] = line.split('\t');
    const ws = words(phrase);
    if (!ws.length) throw new Error(`agency_lexicon.tsv: empty phrase in "${line}"`);
    const groups = groupCell.split(',').map((g) => g.trim()).filter(Boolean);
    for (const g of groups) if (!isGroup(g)) throw new Error(`agency_lexicon.tsv: unknown group "${g}"`);
    switch (kind) {
      case 'group': case 'group_segment':
        lex.groups.push({ words: ws, groups: groups as GroupId[], consumeSegment: kind === 'group_segment' }); break;
      case 'related': lex.related.push(ws); break;
      case 'count_noun': lex.countNouns.push(ws); break;
      case 'filler': (lex.filler as Set<string>).add(ws.join(' ')); break;
      case 'unit_head': (lex.unitHeads as Set<string>).add(ws.join(' ')); break;
      case 'local_head': lex.localHeads.push(ws); break;
      case 'trim_start': (lex.trimStart as Set<string>).add(ws.join(' ')); break;
      case 'trim_end': (lex.trimEnd as Set<string>).add(ws.join(' ')); break;
      default: throw new Error(`agency_lexicon.tsv: unknown kind "${kind}"`);
    }
  }
  return lex;
}

let cached: AgencyLexicon | undefined;

export function agencyLexicon(): AgencyLexicon {
  return (cached ??= parseLexicon(readFileSync(seedPath('domain', 'agency_lexicon.tsv'), 'utf8')));
}
