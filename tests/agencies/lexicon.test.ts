/** The resolver's words live in seeds/domain/agency_lexicon.tsv: parsed strictly, folded, and used by the resolver. */
import { describe, expect, it } from 'vitest';
import { agencyLexicon, parseLexicon } from '#shared/agencies/lexicon';

const HEAD = 'kind\tphrase\tgroups\n';

describe('agency lexicon', () => {
  it('loads the seed: group phrases with known groups, fillers, provincial bodies', () => {
    const lex = agencyLexicon();
    const phrase = (p: string) => lex.groups.find((g) => g.words.join(' ') === p);
    expect(phrase('cac bo nganh dia phuong')?.groups).toEqual(['all_ministries', 'all_provinces']);
    expect(phrase('cac bo nganh duoc giao')).toMatchObject({ groups: ['assigned_ministries'], consumeSegment: true });
    expect(lex.filler.has('ubnd')).toBe(true);
    expect(lex.localHeads).toContainEqual(['cong', 'an']);
  });

  it('folds a phrase written with diacritics, and refuses unknown kinds and groups', () => {
    expect(parseLexicon(`${HEAD}group\tCác bộ, ngành, địa phương\tall_ministries,all_provinces\n`).groups[0]?.words)
      .toEqual(['cac', 'bo', 'nganh', 'dia', 'phuong']);
    expect(() => parseLexicon(`${HEAD}grop\tcac bo\tall_ministries\n`)).toThrow(/unknown kind "grop"/);
    expect(() => parseLexicon(`${HEAD}group\tcac bo\tall_minstries\n`)).toThrow(/unknown group "all_minstries"/);
  });
});
