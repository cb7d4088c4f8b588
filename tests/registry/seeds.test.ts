import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { seedPath } from '#shared/domain/seeds';
import { SEED_SOURCES, countTasks, readSeedSource, seedFileName } from '#shared/registry/seed-sources';
import { seedRegistry, SeedRegistryFile } from '#shared/registry';
import type { ReadResult } from '#shared/registry';

const read = new Map<string, ReadResult>();
async function seed(directive: string): Promise<ReadResult> {
  if (!read.has(directive)) read.set(directive, await readSeedSource(SEED_SOURCES.find((s) => s.directive === directive)!));
  return read.get(directive)!;
}
const task = async (id: string) => (await seed(id.split(':')[0]!)).tasks.find((t) => t.id === id)!;

describe('importing the seed documents', () => {
  it.each([
    ['05/CT-TTg', { total: 72, A: 18, B: 46, C: 8 }],
    ['04/CT-TTg', { total: 101, A: 20, B: 69, C: 12 }],
    ['142/QĐ-VPCP', { total: 26, '-': 26 }],
    ['175/NQ-CP', { total: 53, I: 13, II: 37, III: 3 }],
  ])('%s gives exactly the expected tasks per section', async (directive, counts) => {
    expect(countTasks((await seed(directive)).tasks)).toEqual(counts);
  });

  it('the committed seeds carry the same hand-counted totals (the byte-for-byte check: tests/seeds/builders.test.ts)', () => {
    const counts = Object.fromEntries(SEED_SOURCES.map((s) => [s.directive,
      SeedRegistryFile.parse(JSON.parse(readFileSync(seedPath('registry', seedFileName(s.directive)), 'utf8'))).counts.total]));
    expect(counts).toEqual({ '05/CT-TTg': 72, '04/CT-TTg': 101, '142/QĐ-VPCP': 26, '175/NQ-CP': 53 });
  });

  it('reads the directive metadata from the header (or, for NQ 175, from a reference to it)', async () => {
    expect((await seed('04/CT-TTg')).directive).toMatchObject({ number: '04/CT-TTg', kind: 'Chỉ thị', date: '2024-02-11' });
    expect((await seed('04/CT-TTg')).directive.title).toMatch(/^Tiếp tục đẩy mạnh triển khai Đề án .* năm 2024 và những năm tiếp theo$/);
    expect((await seed('05/CT-TTg')).directive).toMatchObject({ number: '05/CT-TTg', kind: 'Chỉ thị', date: '2023-02-23' });
    expect((await seed('142/QĐ-VPCP')).directive).toMatchObject({ number: '142/QĐ-VPCP', kind: 'Quyết định', date: '2024-03-16' });
    expect((await seed('175/NQ-CP')).directive).toEqual({ number: '175/NQ-CP', kind: 'Nghị quyết', date: '2023-10-30', title: 'phê duyệt Đề án Trung tâm dữ liệu quốc gia' });
  });

  it('ids are <directive>:<section>.<stt> (or <directive>:<stt>), unique, with section code and title', async () => {
    const all = (await Promise.all(SEED_SOURCES.map((s) => seed(s.directive)))).flatMap((r) => r.tasks);
    expect(new Set(all.map((t) => t.id)).size).toBe(all.length);
    expect((await task('04/CT-TTg:B.22')).section).toEqual({ code: 'B', title: 'Nhiệm vụ cụ thể của các bộ, ngành' });
    expect((await task('05/CT-TTg:A.8')).content).toMatch(/^Đẩy nhanh tiến độ số hóa hồ sơ/);
    expect((await task('142/QĐ-VPCP:11')).section).toBeUndefined();
    for (const t of all) expect(t.id).toBe(t.section ? `${t.directive.number}:${t.section.code}.${t.stt}` : `${t.directive.number}:${t.stt}`);
  });

  it('merges the rows split by page breaks in 04/CT-TTg (A.6, B.13, B.20, B.32)', async () => {
    const a6 = await task('04/CT-TTg:A.6');
    expect(a6.lead.raw).toMatch(/Văn hóa, Thể thao và Du lịch và tinh Thừa Thiên Huế$/);
    expect(a6.lead.ids).toEqual(expect.arrayContaining(['bo-van-hoa-the-thao-va-du-lich', 'tinh-thua-thien-hue']));
    expect((await task('04/CT-TTg:B.13')).content).toMatch(/tiện ích cho đối tương ứng với\.\.\.$/);
    expect((await task('04/CT-TTg:B.20')).content).toMatch(/để phục vụ vận hành Trung tâm dữ liệu quốc gia$/);
    const b32 = await task('04/CT-TTg:B.32');
    expect(b32.content).toMatch(/được nhận chi trả an sinh xã hội qua tài khoản theo yêu cầu$/);
    expect(b32.coord!.raw).toMatch(/và các đơn vị có liên quan$/);
    // the row after each split row is its own task, untouched
    expect((await task('04/CT-TTg:B.14')).content).toMatch(/^Chỉ đạo việc cung cấp dịch vụ xác thực điện tử/);
  });

  it('keeps raw agency and deadline text beside what they resolve to, with provenance', async () => {
    const t = await task('04/CT-TTg:C.2');
    expect(t.lead.raw).toMatch(/^09 địa phương: An Giang/);
    expect(t.lead.ids).toContain('tinh-an-giang');
    const b11 = await task('04/CT-TTg:B.11');
    expect(b11.deadline).toMatchObject({ kind: 'quarter', due: '2024-06-30', raw: 'Quý II/2024' });
    expect(b11.provenance).toEqual({ file: '000_1e4b3cd2c785b43f.txt', table: 0, row: 204 });
    expect((await task('05/CT-TTg:A.1')).provenance).toEqual({ file: '003_fc6b95ce7bbd8ec1.txt', table: 1, row: 504 });
    expect((await task('142/QĐ-VPCP:12')).provenance.row).toBe(502);
  });

  it('reads seed 004 (QĐ 142) through the wrapped-column reader: lead, coordination, deadline, product per row', async () => {
    const r = await seed('142/QĐ-VPCP');
    expect(r.reader).toBe('wrapped-columns');
    const t11 = await task('142/QĐ-VPCP:11');
    expect(t11.lead.raw).toBe('Cục Kiểm soát TTHC');
    expect(t11.coord!.raw).toBe('Các Bộ, ngành, UBND các tỉnh, TP trực thuộc TW');
    expect(t11.deadline.raw).toBe('Theo lộ trình trong Quyết định 206/QĐ-TTg ngày 28/2/2024');
    expect(t11.product).toBe('Các nhóm TTHC liên thông điện tử được tích hợp trên Cổng Dịch vụ công quốc gia');
    // content continued past a page break, and two columns printed on one line
    expect((await task('142/QĐ-VPCP:9')).content).toMatch(/mới được thông qua và có hiệu lực từ ngày 01\/7\/2024\.$/);
    const t25 = await task('142/QĐ-VPCP:25');
    expect([t25.coord!.raw, t25.deadline.raw]).toEqual(['Bộ Công an', 'Theo lộ trình triển khai Nghị định 175']);
    expect((await task('142/QĐ-VPCP:8')).lead.raw).toBe('Vụ Pháp luật');
  });

  it('flags nothing unknown in the three directives (every deadline parsed, every agency resolved or grouped)', async () => {
    for (const d of ['05/CT-TTg', '04/CT-TTg']) {
      const r = await seed(d);
      expect(r.warnings).toEqual([]);
      for (const t of r.tasks) expect(t.lead.ids.length + (t.lead.groups?.length ?? 0)).toBeGreaterThan(0);
    }
    expect((await seed('142/QĐ-VPCP')).warnings.filter((w) => w.code === 'unknown_deadline')).toEqual([]);
  });

  it('seedRegistry() returns every seed task', () => {
    const tasks = seedRegistry();
    expect(tasks).toHaveLength(72 + 101 + 26 + 53);
    expect(tasks.find((t) => t.id === '04/CT-TTg:B.22')?.lead.ids).toEqual(['bo-tu-phap']);
  });
});
