/**
 * Who answers for a task across the changes of 2025: Thừa Thiên Huế → Thành phố Huế (1/1/2025), the government
 * restructuring of NQ 176/2025/QH15 (1/3/2025) and the 63 → 34 provinces of NQ 202/2025/QH15 (1/7/2025).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agencyDirectory, answersFor, resolveAgencies } from '#shared/agencies';

const root = join(__dirname, '..', '..');
const dir = agencyDirectory();
const PROVINCIAL = ['province', 'city'] as const;

const RESTRUCTURING: Array<[string, string]> = [
  ['bo-ke-hoach-va-dau-tu', 'bo-tai-chinh'],
  ['bo-giao-thong-van-tai', 'bo-xay-dung'],
  ['bo-tai-nguyen-va-moi-truong', 'bo-nong-nghiep-va-moi-truong'],
  ['bo-nong-nghiep-va-phat-trien-nong-thon', 'bo-nong-nghiep-va-moi-truong'],
  ['bo-thong-tin-va-truyen-thong', 'bo-khoa-hoc-va-cong-nghe'],
  ['bo-lao-dong-thuong-binh-va-xa-hoi', 'bo-noi-vu'],
  ['uy-ban-dan-toc', 'bo-dan-toc-va-ton-giao'],
];

describe('the government restructuring from 1/3/2025 (NQ 176/2025/QH15)', () => {
  it.each(RESTRUCTURING)('%s answers itself until 28/2/2025, then %s', (from, to) => {
    expect(dir.successorOn(from, '2024-06-01')).toBe(from);
    expect(dir.successorOn(from, '2025-02-28')).toBe(from);
    expect(dir.successorOn(from, '2025-03-01')).toBe(to);
    expect(dir.successorOn(from, '2026-01-01')).toBe(to);
    expect(dir.existsOn(to, '2025-03-01')).toBe(true);
    expect(dir.existsOn(from, '2025-03-01')).toBe(false);
  });

  it('unchanged ministries answer for themselves', () => {
    for (const id of ['bo-cong-an', 'bo-tu-phap', 'bo-y-te', 'bo-tai-chinh', 'bo-xay-dung', 'van-phong-chinh-phu']) {
      expect(dir.successorOn(id, '2026-01-01')).toBe(id);
    }
  });

  it('a task given to Bộ TTTT in 2024 is owed by Bộ KH&CN in 2026, and its report counts', () => {
    const r = resolveAgencies('Bộ TTTT', { asOf: '2026-01-01' });
    expect(r.ids).toEqual(['bo-thong-tin-va-truyen-thong']);
    expect(r.successors).toEqual(['bo-khoa-hoc-va-cong-nghe']);
    expect(answersFor('bo-thong-tin-va-truyen-thong', 'bo-khoa-hoc-va-cong-nghe', '2026-01-01')).toBe(true);
    expect(answersFor('bo-thong-tin-va-truyen-thong', 'bo-khoa-hoc-va-cong-nghe', '2024-06-01')).toBe(false);
    expect(answersFor('bo-thong-tin-va-truyen-thong', 'bo-cong-an', '2026-01-01')).toBe(false);
    expect(dir.nameOn('bo-thong-tin-va-truyen-thong', '2026-01-01')).toBe('Bộ Khoa học và Công nghệ');
    expect(dir.nameOn('bo-thong-tin-va-truyen-thong', '2024-06-01')).toBe('Bộ Thông tin và Truyền thông');
  });

  it('two merged ministries answer through one successor; each other\'s reports count after the merger', () => {
    expect(answersFor('bo-tai-nguyen-va-moi-truong', 'bo-nong-nghiep-va-moi-truong', '2025-03-01')).toBe(true);
    expect(answersFor('bo-nong-nghiep-va-phat-trien-nong-thon', 'bo-nong-nghiep-va-moi-truong', '2025-03-01')).toBe(true);
    expect(answersFor('bo-tai-nguyen-va-moi-truong', 'bo-nong-nghiep-va-phat-trien-nong-thon', '2024-12-01')).toBe(false);
    const r = resolveAgencies('Bộ Tài nguyên và Môi trường, Bộ Nông nghiệp và Phát triển nông thôn', { asOf: '2025-03-01' });
    expect(r.successors).toEqual(['bo-nong-nghiep-va-moi-truong']);
  });

  it('BHXH Việt Nam still answers, and from 1/3/2025 Bộ Tài chính may answer for it', () => {
    expect(dir.successorOn('bhxh-viet-nam', '2026-01-01')).toBe('bhxh-viet-nam');
    expect(answersFor('bhxh-viet-nam', 'bhxh-viet-nam', '2026-01-01')).toBe(true);
    expect(answersFor('bhxh-viet-nam', 'bo-tai-chinh', '2025-02-28')).toBe(false);
    expect(answersFor('bhxh-viet-nam', 'bo-tai-chinh', '2025-03-01')).toBe(true);
  });

  it('the dissolved state-capital committee answers through Bộ Tài chính', () => {
    expect(dir.successorOn('uy-ban-quan-ly-von-nha-nuoc-tai-doanh-nghiep', '2025-03-01')).toBe('bo-tai-chinh');
  });

  it('sub-units answer through their agency and its successor', () => {
    expect(dir.successorOn('cuc-tin-hoc-hoa', '2024-01-01')).toBe('bo-thong-tin-va-truyen-thong');
    expect(dir.successorOn('cuc-tin-hoc-hoa', '2026-01-01')).toBe('bo-khoa-hoc-va-cong-nghe');
    expect(answersFor('bo-cong-an', 'c06', '2024-06-01')).toBe(true);
  });
});

describe('Thừa Thiên Huế → Thành phố Huế from 1/1/2025', () => {
  it('answers as the province until 31/12/2024, as the city after', () => {
    expect(dir.successorOn('tinh-thua-thien-hue', '2024-12-31')).toBe('tinh-thua-thien-hue');
    expect(dir.successorOn('tinh-thua-thien-hue', '2025-01-01')).toBe('tp-hue');
    expect(dir.successorOn('tinh-thua-thien-hue', '2025-07-01')).toBe('tp-hue'); // unchanged by NQ 202
    expect(dir.existsOn('tp-hue', '2024-12-31')).toBe(false);
    expect(answersFor('tinh-thua-thien-hue', 'tp-hue', '2025-06-01')).toBe(true);
    expect(resolveAgencies('UBND tỉnh Thừa Thiên Huế', { asOf: '2025-01-01' }).successors).toEqual(['tp-hue']);
    expect(dir.nameOn('tinh-thua-thien-hue', '2025-01-01')).toBe('Thành phố Huế');
  });
});

describe('63 provinces before 1/7/2025, 34 after (NQ 202/2025/QH15)', () => {
  it('counts', () => {
    expect(dir.all({ asOf: '2024-12-31', types: [...PROVINCIAL] })).toHaveLength(63);
    expect(dir.all({ asOf: '2025-06-30', types: [...PROVINCIAL] })).toHaveLength(63);
    expect(dir.all({ asOf: '2025-07-01', types: [...PROVINCIAL] })).toHaveLength(34);
    expect(dir.all({ types: [...PROVINCIAL] })).toHaveLength(64); // Thừa Thiên Huế and Thành phố Huế are both kept
  });

  it('every unit of 2024 answers through the unit it merged into', () => {
    const rows = readFileSync(join(root, 'seeds', 'domain', 'provinces_2025.tsv'), 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split('\t'));
    expect(rows).toHaveLength(34);
    const after = new Set<string>();
    for (const [newName, , , mergedFrom] of rows) {
      const target = resolveAgencies(newName!).ids;
      expect(target, newName).toHaveLength(1);
      after.add(target[0]!);
      for (const old of mergedFrom!.split(';').map((s) => s.trim())) {
        const id = resolveAgencies(old).ids[0]!;
        expect(dir.successorOn(id, '2025-06-30'), old).toBe(id);
        expect(dir.successorOn(id, '2025-07-01'), old).toBe(target[0]);
        expect(answersFor(id, target[0]!, '2025-07-01')).toBe(true);
      }
    }
    expect(after.size).toBe(34);
    expect([...after].sort()).toEqual(dir.all({ asOf: '2025-07-01', types: [...PROVINCIAL] }).map((a) => a.id).sort());
  });

  it('e.g. Hà Giang → Tuyên Quang, Bình Dương → TP Hồ Chí Minh', () => {
    const r = resolveAgencies('UBND tỉnh Hà Giang, tỉnh Bình Dương, Quảng Ninh', { asOf: '2025-07-01' });
    expect(r.ids).toEqual(['tinh-ha-giang', 'tinh-binh-duong', 'tinh-quang-ninh']);
    expect(r.successors).toEqual(['tinh-tuyen-quang', 'tp-ho-chi-minh', 'tinh-quang-ninh']);
    expect(answersFor('tinh-ha-giang', 'tinh-tuyen-quang', '2025-06-30')).toBe(false);
  });
});

describe('the directory', () => {
  it('has stable kebab-case ids, unique, and every reference points at an agency', () => {
    const all = dir.all();
    expect(new Set(all.map((a) => a.id)).size).toBe(all.length);
    for (const id of ['bo-cong-an', 'bo-tu-phap', 'bhxh-viet-nam', 'tinh-thua-thien-hue', 'tp-hue', 'van-phong-chinh-phu', 'ngan-hang-nha-nuoc-viet-nam']) {
      expect(dir.get(id), id).toBeDefined();
    }
    for (const a of all) {
      expect(a.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const ref of [a.successor, a.unitOf, ...(a.parents ?? []).map((p) => p.id)]) if (ref) expect(dir.get(ref), `${a.id} → ${ref}`).toBeDefined();
      if (a.successor) expect(a.validTo, a.id).toBeDefined();
    }
  });

  it('the ministries and ministry-level agencies of 2024 and of 2026', () => {
    const core = ['ministry', 'ministry_level'] as const;
    expect(dir.all({ asOf: '2024-06-01', types: [...core] })).toHaveLength(22); // 18 bộ + 4 cơ quan ngang bộ
    expect(dir.all({ asOf: '2026-01-01', types: [...core] })).toHaveLength(17); // 14 bộ + 3 cơ quan ngang bộ
  });

  it('find() takes ids, names, abbreviations and spellings', () => {
    expect(dir.find('Bộ Tư pháp')?.id).toBe('bo-tu-phap');
    expect(dir.find('BTP')?.id).toBe('bo-tu-phap');
    expect(dir.find('bo tu phap')?.id).toBe('bo-tu-phap');
    expect(dir.find('bo-tu-phap')?.id).toBe('bo-tu-phap');
    expect(dir.find('Bộ Không Có')).toBeUndefined();
  });

  it('knows the predecessors of a successor', () => {
    expect(dir.predecessorsOf('bo-nong-nghiep-va-moi-truong').sort()).toEqual(['bo-nong-nghiep-va-phat-trien-nong-thon', 'bo-tai-nguyen-va-moi-truong']);
    expect(dir.predecessorsOf('tp-hue')).toEqual(['tinh-thua-thien-hue']);
  });
});
