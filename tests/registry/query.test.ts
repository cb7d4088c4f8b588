import { describe, expect, it } from 'vitest';
import { seedRegistry } from '#shared/registry';
import { tasksForAgency } from '#shared/registry/query';

describe('tasks of an agency', () => {
  const ct04 = seedRegistry().filter((t) => t.directive.number === '04/CT-TTg');

  it('counts a task given to Bộ TTTT in 2024 as owed by Bộ KH&CN after the 2025 restructuring, not before', async () => {
    const after = await tasksForAgency(ct04, 'bo-khoa-hoc-va-cong-nghe', '2026-01-01');
    const before = await tasksForAgency(ct04, 'bo-khoa-hoc-va-cong-nghe', '2024-06-01');
    expect(after.map((t) => t.id)).toContain('04/CT-TTg:B.17'); // lead: Bộ Thông tin và Truyền thông
    expect(before.map((t) => t.id)).not.toContain('04/CT-TTg:B.17');
    expect(before.map((t) => t.id)).toContain('04/CT-TTg:B.53'); // lead: Bộ Khoa học và Công nghệ itself
    expect(after.length).toBeGreaterThan(before.length);
  });

  it('includes coordinating agencies', async () => {
    const tp = await tasksForAgency(ct04, 'bo-tu-phap', '2024-06-01');
    expect(tp.map((t) => t.id)).toEqual(expect.arrayContaining(['04/CT-TTg:B.22', '04/CT-TTg:B.11']));
  });

  it('includes the tasks of a group word the agency is a member of, as the digest counts them (groups.tsv)', async () => {
    const ministry = (await tasksForAgency(ct04, 'bo-y-te', '2024-06-01')).map((t) => t.id);
    const province = (await tasksForAgency(ct04, 'tinh-lao-cai', '2024-06-01')).map((t) => t.id);
    const governmentAgency = (await tasksForAgency(ct04, 'bhxh-viet-nam', '2024-06-01')).map((t) => t.id);
    expect(ministry).toContain('04/CT-TTg:A.1'); // "Các bộ, ngành, địa phương"
    expect(province).toContain('04/CT-TTg:A.1');
    expect(governmentAgency).not.toContain('04/CT-TTg:A.1'); // not a "bộ, ngành" unless a cell names it
    expect(ministry).not.toContain('04/CT-TTg:A.4'); // "các cơ quan liên quan": a group with no member list
  });
});
