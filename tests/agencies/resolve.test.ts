/**
 * resolveAgencies: every agency spelling and cell in the seeds, lists, shared prefixes, groups, counted lists,
 * lead + partners, sub-units, abbreviations, OCR slips and text without diacritics; unresolved parts kept raw.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgencyRef } from '#shared/domain/task';
import { agencyDirectory, resolveAgencies } from '#shared/agencies';
import { fold } from '#shared/domain/vietnamese';

const root = join(__dirname, '..', '..');
const dir = agencyDirectory();
const ids = (text: string) => resolveAgencies(text).ids;

function tsv(path: string): string[][] {
  return readFileSync(join(root, path), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.split('\t'));
}

describe('every spelling in the domain facts', () => {
  const [, ...rows] = tsv('seeds/domain/agencies.tsv');
  const named = rows.filter((r) => !/^UBND/.test(r[0]!));

  it.each(named.map((r) => [r[0]!, r]))('%s', (name, r) => {
    const a = dir.find(name);
    expect(a, name).toBeDefined();
    const spellings = r[5]!.split(';').map((s) => s.replace(/\([^)]*\)/g, '').replace(/'/g, '').trim()).filter(Boolean);
    for (const s of [...spellings, r[2]!.split(/\s*[/(]/)[0]!.trim()]) {
      expect(ids(s), `${s} → ${a!.id}`).toEqual([a!.unitOf ?? a!.id]);
    }
  });

  it('abbreviations from the brief', () => {
    expect(ids('BCA')).toEqual(['bo-cong-an']);
    expect(ids('Bộ TTTT')).toEqual(['bo-thong-tin-va-truyen-thong']);
    expect(ids('Bộ TT&TT')).toEqual(['bo-thong-tin-va-truyen-thong']);
    expect(ids('NHNN')).toEqual(['ngan-hang-nha-nuoc-viet-nam']);
    expect(ids('VPCP')).toEqual(['van-phong-chinh-phu']);
    expect(ids('Bộ KH&ĐT')).toEqual(['bo-ke-hoach-va-dau-tu']);
    expect(ids('Bộ LĐ-TB&XH')).toEqual(['bo-lao-dong-thuong-binh-va-xa-hoi']);
    expect(ids('BHXHVN')).toEqual(['bhxh-viet-nam']);
    expect(ids('BHXH VN')).toEqual(['bhxh-viet-nam']);
    expect(ids('Bộ GDĐT')).toEqual(['bo-giao-duc-va-dao-tao']);
    expect(ids('VNPost')).toEqual(['tong-cong-ty-buu-dien-viet-nam']);
    expect(ids('BCA, BTP, BTC, BYT')).toEqual(['bo-cong-an', 'bo-tu-phap', 'bo-tai-chinh', 'bo-y-te']);
  });

  it('the 63 provinces of 2024 by name, with "Tỉnh", "UBND tỉnh" and "TP."', () => {
    const [, ...prov] = tsv('seeds/domain/provinces_2025.tsv');
    const olds = prov.flatMap((r) => r[3]!.split(';').map((s) => s.trim()));
    expect(olds).toHaveLength(63);
    for (const full of olds) {
      const bare = full.replace(/^(Tỉnh|Thành phố)\s+/, '');
      const got = ids(full);
      expect(got, full).toHaveLength(1);
      expect(ids(bare), bare).toEqual(got);
      expect(ids(`UBND ${full.startsWith('Tỉnh') ? 'tỉnh' : 'thành phố'} ${bare}`)).toEqual(got);
    }
    expect(ids('TP. Hồ Chí Minh')).toEqual(['tp-ho-chi-minh']);
    expect(ids('TP Hà Nội')).toEqual(['tp-ha-noi']);
  });
});

describe('every agency cell in the seeds', () => {
  const cells = new Set<string>();
  for (const f of readdirSync(join(root, 'seeds', 'registry')).filter((x) => x.endsWith('.json'))) {
    const data = JSON.parse(readFileSync(join(root, 'seeds', 'registry', f), 'utf8')) as { tasks: Array<{ lead: { raw: string }; coord?: { raw: string } }> };
    for (const t of data.tasks) for (const r of [t.lead, t.coord]) if (r?.raw.trim()) cells.add(r.raw);
  }
  // seed 002: "Đơn vị thực hiện"
  for (const c of tsv('seeds/sources/002_5d4564070445dda2.txt')) if (c.length >= 5 && c[3]!.trim() && c[3] !== 'Đơn vị thực hiện') cells.add(c[3]!);
  // the agency reports' senders
  const fx = join(root, 'tests', 'fixtures', 'reports');
  const golds = readdirSync(fx).filter((x) => x.endsWith('.gold.json')).map((f) => JSON.parse(readFileSync(join(fx, f), 'utf8')) as { agency: string; file: string });
  for (const g of golds) cells.add(g.agency);

  it('finds the cells', () => {
    expect(cells.size).toBeGreaterThan(120);
  });

  it('resolves every one of them completely (an agency or a group, nothing left over)', () => {
    const bad = [...cells].map((c) => [c, resolveAgencies(c)] as const).filter(([, r]) => r.unresolved?.length || (r.ids.length === 0 && !r.groups?.length && !r.partners?.length));
    expect(bad.map(([c, r]) => `${c} → ${JSON.stringify(r.unresolved ?? r.ids)}`)).toEqual([]);
  });

  it('reads the same without diacritics, in capitals, and wrapped over lines', () => {
    const key = (t: string) => { const r = resolveAgencies(t); return JSON.stringify([r.ids, r.groups, r.partners]); };
    for (const c of cells) {
      const want = key(c);
      expect(key(fold(c)), fold(c)).toBe(want);
      expect(key(c.toUpperCase()), c.toUpperCase()).toBe(want);
      expect(key(c.replace(/,\s*/g, ',\n')), 'wrapped').toBe(want);
    }
  });

  it('gives AgencyRef-shaped results', () => {
    for (const c of cells) expect(AgencyRef.safeParse(resolveAgencies(c)).success, c).toBe(true);
  });

  it('names the agency of each sample report', () => {
    const want: Record<string, string> = {
      'bhxh.pdf': 'bhxh-viet-nam', 'bo-cong-thuong.pdf': 'bo-cong-thuong', 'bo-noi-vu.pdf': 'bo-noi-vu', 'bo-tu-phap.docx': 'bo-tu-phap',
      'bo-xay-dung.docx': 'bo-xay-dung', 'bo-y-te.xlsx': 'bo-y-te', 'ubnd-hue.pdf': 'tinh-thua-thien-hue',
    };
    for (const g of golds) expect(ids(g.agency), g.agency).toEqual([want[g.file]]);
  });
});

describe('cells with several agencies', () => {
  it('a list', () => {
    expect(ids('Bộ Công an, Bộ Tư pháp')).toEqual(['bo-cong-an', 'bo-tu-phap']);
    expect(ids('Bộ Y tế Bộ Giáo dục và Đào tạo Bộ Lao động, Thương binh và Xã hội')).toEqual(['bo-y-te', 'bo-giao-duc-va-dao-tao', 'bo-lao-dong-thuong-binh-va-xa-hoi']);
    expect(ids('(1) Bộ Tư pháp (2) Văn phòng Chính phủ (3) Bộ Công an')).toEqual(['bo-tu-phap', 'van-phong-chinh-phu', 'bo-cong-an']);
    expect(ids('VTV, VOV')).toEqual(['dai-truyen-hinh-viet-nam', 'dai-tieng-noi-viet-nam']);
  });

  it('a shared prefix, the row joined across a page break', () => {
    const r = resolveAgencies('Các Bộ: Công thương; Giáo dục và Đào tạo; Kế hoạch và Đầu tư; Khoa học và Công nghệ; Tài nguyên và Môi trường; Lao động, Thương binh và Xã hội; Nông nghiệp và Phát triển nông thôn; Y tế; Thanh tra Chính phủ; Ủy ban Dân tộc, Văn hóa, Thể thao và Du lịch và tinh Thừa Thiên Huế');
    expect(r.ids).toEqual([
      'bo-cong-thuong', 'bo-giao-duc-va-dao-tao', 'bo-ke-hoach-va-dau-tu', 'bo-khoa-hoc-va-cong-nghe', 'bo-tai-nguyen-va-moi-truong',
      'bo-lao-dong-thuong-binh-va-xa-hoi', 'bo-nong-nghiep-va-phat-trien-nong-thon', 'bo-y-te', 'thanh-tra-chinh-phu', 'uy-ban-dan-toc',
      'bo-van-hoa-the-thao-va-du-lich', 'tinh-thua-thien-hue',
    ]);
    expect(r.groups).toBeUndefined(); // "Các Bộ:" is a prefix, not the group of all ministries
    expect(r.unresolved).toBeUndefined();
    expect(resolveAgencies('UBND các tỉnh Hà Giang, Lào Cai')).toEqual({ raw: 'UBND các tỉnh Hà Giang, Lào Cai', ids: ['tinh-ha-giang', 'tinh-lao-cai'] });
    expect(resolveAgencies('Các Bộ Công an, Tư pháp')).toEqual({ raw: 'Các Bộ Công an, Tư pháp', ids: ['bo-cong-an', 'bo-tu-phap'] });
    expect(ids('Lao động Thương binh và Xã hội, Kế hoạch và Đầu tư, Tư pháp')).toEqual(['bo-lao-dong-thuong-binh-va-xa-hoi', 'bo-ke-hoach-va-dau-tu', 'bo-tu-phap']);
  });

  it('groups', () => {
    expect(resolveAgencies('Các bộ, ngành, địa phương')).toMatchObject({ ids: [], groups: ['all_ministries', 'all_provinces'] });
    expect(resolveAgencies('UBND 63 địa phương')).toMatchObject({ ids: [], groups: ['all_provinces'] });
    expect(resolveAgencies('Ủy ban nhân dân các tỉnh, thành phố')).toMatchObject({ groups: ['all_provinces'] });
    expect(resolveAgencies('Các bộ, ngành có liên quan')).toMatchObject({ groups: ['related_ministries'] });
    expect(resolveAgencies('Bộ Công an và các cơ quan liên quan')).toMatchObject({ ids: ['bo-cong-an'], groups: ['related_agencies'] });
    expect(resolveAgencies('Các bộ, ngành được giao tại Đề án 06 và Quyết định số 422/QĐ-TTg')).toMatchObject({ groups: ['assigned_ministries'] });
    expect(resolveAgencies('Các bộ, ngành được giao tại Đề án 06 và Quyết định số 422/QĐ-TTg').unresolved).toBeUndefined();
  });

  it('a counted list of provinces gives the listed ids and notes a count that does not match', () => {
    const r = resolveAgencies('09 địa phương: An Giang, Bà Rịa – Vũng Tàu, Bình Dương, Cần Thơ, Đăk Nông, Kiên Giang, Phú Yên, Sóc Trăng, Tây Ninh, TP. Hồ Chí Minh');
    expect(r.ids).toEqual(['tinh-an-giang', 'tinh-ba-ria-vung-tau', 'tinh-binh-duong', 'tp-can-tho', 'tinh-dak-nong', 'tinh-kien-giang', 'tinh-phu-yen', 'tinh-soc-trang', 'tinh-tay-ninh', 'tp-ho-chi-minh']);
    expect(r.notes).toEqual(['Nêu 09 địa phương nhưng liệt kê 10']);
    const ok = resolveAgencies('Ủy ban nhân dân các tỉnh: Bắc Kạn, Bình Phước, Đắk Nông, Gia Lai, Khánh Hòa, Phú Yên, Thanh Hóa, Vĩnh Long');
    expect(ok.ids).toHaveLength(8);
    expect(ok.groups).toBeUndefined();
    expect(resolveAgencies('02 địa phương: Hà Nội, Huế').notes).toBeUndefined();
  });

  it('a lead with partners', () => {
    expect(resolveAgencies('Bộ Thông tin và Truyền thông chủ trì, phối hợp với Bộ Tư pháp, Bộ Công an và cơ quan liên quan')).toMatchObject({
      ids: ['bo-thong-tin-va-truyen-thong'], partners: ['bo-tu-phap', 'bo-cong-an'], partnerGroups: ['related_agencies'],
    });
    expect(resolveAgencies('Các bộ, ngành, địa phương phối hợp Văn phòng Chính phủ')).toMatchObject({
      ids: [], groups: ['all_ministries', 'all_provinces'], partners: ['van-phong-chinh-phu'],
    });
    expect(resolveAgencies('Bảo hiểm Xã hội Việt Nam phối hợp Bộ y tế và 07 địa phương')).toMatchObject({
      ids: ['bhxh-viet-nam'], partners: ['bo-y-te'], partnerGroups: ['some_provinces'],
    });
    // "phối hợp, kiểm tra định kỳ" names nobody: both agencies stay in the cell's list
    const r = resolveAgencies('Bộ Thông tin và Truyền thông, Bộ Công an phối hợp, kiểm tra định kỳ');
    expect(r.ids).toEqual(['bo-thong-tin-va-truyen-thong', 'bo-cong-an']);
    expect(r.partners).toBeUndefined();
    expect(r.unresolved).toBeUndefined();
  });

  it('sub-units answer through their agency', () => {
    expect(resolveAgencies('Bộ Tài chính Ủy ban chứng khoán nhà nước')).toMatchObject({
      ids: ['bo-tai-chinh'], units: [{ text: 'Ủy ban chứng khoán nhà nước', unitId: 'uy-ban-chung-khoan-nha-nuoc', agencyId: 'bo-tai-chinh' }],
    });
    expect(ids('Cục Kiểm soát TTHC')).toEqual(['van-phong-chinh-phu']);
    expect(ids('C06')).toEqual(['bo-cong-an']);
    expect(ids('Bộ Công an (Trung tâm dữ liệu quốc gia)')).toEqual(['bo-cong-an']);
    const unknownUnit = resolveAgencies('Bộ Y tế (Cục Quản lý Dược)');
    expect(unknownUnit.ids).toEqual(['bo-y-te']);
    expect(unknownUnit.units).toEqual([{ text: 'Cục Quản lý Dược', agencyId: 'bo-y-te' }]);
    expect(unknownUnit.unresolved).toBeUndefined();
  });
});

describe('bodies of a province answer through it', () => {
  it.each([
    ['Công an tỉnh Thừa Thiên Huế', 'tinh-thua-thien-hue', 'Công an'],
    ['Sở Thông tin và Truyền thông tỉnh Quảng Ninh', 'tinh-quang-ninh', 'Sở Thông tin và Truyền thông'],
    ['Văn phòng UBND thành phố Hà Nội', 'tp-ha-noi', 'Văn phòng UBND'],
    ['Tổ công tác Đề án 06 TP. Hồ Chí Minh', 'tp-ho-chi-minh', 'Tổ công tác Đề án 06'],
  ])('%s', (text, id, unit) => {
    const r = resolveAgencies(text);
    expect(r.ids).toEqual([id]);
    expect(r.units).toEqual([{ text: unit, agencyId: id }]);
  });

  it('a provincial department without its province is not the ministry', () => {
    expect(resolveAgencies('Sở Tư pháp')).toEqual({ raw: 'Sở Tư pháp', ids: [], unresolved: ['Sở Tư pháp'] });
  });
});

describe('OCR slips and missing diacritics', () => {
  it.each([
    ['UBND tỉnh Thừa Thiên Hué', ['tinh-thua-thien-hue']],
    ['UBND tinh Thua Thien Hue', ['tinh-thua-thien-hue']],
    ['UBND thành phố Hà Nội, Thành phố Hồ Chí Minh, Hòa Bình, Càn Thơ, Lâm Đồng', ['tp-ha-noi', 'tp-ho-chi-minh', 'tinh-hoa-binh', 'tp-can-tho', 'tinh-lam-dong']],
    ['Bo Cong an, Bo Tu phap', ['bo-cong-an', 'bo-tu-phap']],
    ['BỘ CÔNG AN', ['bo-cong-an']],
    ['Bộ công An', ['bo-cong-an']],
    ['Bộ Lao động – Thương binh và Xã hội', ['bo-lao-dong-thuong-binh-va-xa-hoi']],
    ['Bộ Giao thông và Vận tải', ['bo-giao-thong-van-tai']],
    ['Bộ Tài nguyên và Moi trương', ['bo-tai-nguyen-va-moi-truong']],
    ['Bộ Thong tin va Truyen thong', ['bo-thong-tin-va-truyen-thong']],
    ['Bộ Khoa hoc và Cong nghê', ['bo-khoa-hoc-va-cong-nghe']],
    ['Bô Kê hoach va Đâu tư', ['bo-ke-hoach-va-dau-tu']],
    ['Viện Hàn lâm Khoa học và Xã hội', ['vien-han-lam-khoa-hoc-xa-hoi-viet-nam']],
    ['Công Thông tin điện tử Chính phủ', ['van-phong-chinh-phu']],
    ['Thông báo 1186/TCTTKD/A', ['to-cong-tac-de-an-06']],
  ])('%s', (text, want) => {
    const r = resolveAgencies(text);
    expect(r.ids).toEqual(want);
  });

  it('a typing slip one letter off is read as the nearest spelling and said so', () => {
    const r = resolveAgencies('Bộ Giáo dụcc và Đào tạo');
    expect(r.ids).toEqual(['bo-giao-duc-va-dao-tao']);
    expect(r.notes?.[0]).toMatch(/gần đúng/);
  });
});

describe('what cannot be resolved is kept and flagged', () => {
  it('keeps unknown parts raw', () => {
    const r = resolveAgencies('Bộ Công an, Ban Tôn giáo Chính phủ XYZ và Hiệp hội Ngân hàng ABC');
    expect(r.ids).toEqual(['bo-cong-an']);
    expect(r.unresolved).toEqual(['Ban Tôn giáo Chính phủ XYZ và Hiệp hội Ngân hàng ABC']);
    expect(r.raw).toBe('Bộ Công an, Ban Tôn giáo Chính phủ XYZ và Hiệp hội Ngân hàng ABC');
  });

  it('never throws on odd input', () => {
    for (const t of ['', '   ', '—', '¯\\_(ツ)_/¯', 'x'.repeat(20000), 'Bộ '.repeat(3000), null as unknown as string]) {
      const r = resolveAgencies(t);
      expect(AgencyRef.safeParse(r).success).toBe(true);
    }
    expect(resolveAgencies('')).toEqual({ raw: '', ids: [] });
  });
});
