import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedPath } from '#shared/domain/seeds';
import { importRegistry, loadSeedRegistry, diffTasks } from '#shared/registry';
import { runIntakeInProcess } from '#testkit/cli';
import { useLocalStack } from '#testkit/local-stack';

const env = useLocalStack({ deliverEvents: false });
const SOURCE = '003_fc6b95ce7bbd8ec1.txt';
const original = readFileSync(seedPath('sources', SOURCE), 'utf8');

/** Seed 003 with task A.1's deadline changed and the last task (C.8) taken out. */
function edited(): string {
  const lines = original.split('\n');
  expect(lines[512]).toBe('Tháng 3/2023'); // A.1's deadline cell (line 513)
  lines[512] = 'Tháng 4/2023';
  const c8 = lines.lastIndexOf('8');
  expect(lines[c8 + 2]).toMatch(/^Thường xuyên tuyên truyền/);
  return lines.slice(0, c8).join('\n');
}

const src = (text: string) => ({ name: SOURCE, bytes: new TextEncoder().encode(text) });
const at = (n: number) => `2026-01-0${n}T00:00:00.000Z`;

/** The CLI in this process (the local stack of this test set the environment it reads). */
const capture = async (argv: string[]): Promise<string> => (await runIntakeInProcess(argv)).stdout;

describe('registry import into the store (dynalite)', () => {
  it('loads the seed registry, and loading it again changes nothing', async () => {
    const first = await loadSeedRegistry(env.store);
    expect(first).toEqual({ tasks: 252, added: 252, changed: 0 });
    expect(await env.store.listTasks({ directive: '05/CT-TTg' })).toHaveLength(72);
    expect(await env.store.listTasks()).toHaveLength(252);
    expect(await loadSeedRegistry(env.store)).toEqual({ tasks: 252, added: 0, changed: 0 });
    const stored = await env.store.getTask('04/CT-TTg:B.22');
    expect(stored?.lead.ids).toEqual(['bo-tu-phap']);
    expect(stored?.history).toBeUndefined();
  });

  it('re-importing the same document is idempotent: empty diff', async () => {
    const { diff } = await importRegistry(env.store, src(original), { directive: '05/CT-TTg', at: at(1) });
    expect([diff.added, diff.changed, diff.removed]).toEqual([[], [], []]);
    expect(diff.unchanged).toBe(72);
  });

  it('a dry run reports the diff and writes nothing', async () => {
    const { diff } = await importRegistry(env.store, src(edited()), { directive: '05/CT-TTg', dryRun: true, at: at(2) });
    expect(diff.changed.map((c) => c.task.id)).toEqual(['05/CT-TTg:A.1']);
    expect((await env.store.getTask('05/CT-TTg:A.1'))?.deadline.raw).toBe('Tháng 3/2023');
    expect((await env.store.getTask('05/CT-TTg:C.8'))?.removed).toBeUndefined();
  });

  it('a changed task keeps its id and gains a history entry; a task no longer listed is marked removed, not deleted', async () => {
    const { diff } = await importRegistry(env.store, src(edited()), { directive: '05/CT-TTg', at: at(3), source: 'ct05-v2.txt' });
    expect(diff.added).toEqual([]);
    expect(diff.changed).toHaveLength(1);
    expect(diff.changed[0]!.task.id).toBe('05/CT-TTg:A.1');
    expect(diff.changed[0]!.changes.map((c) => c.field)).toEqual(['deadline']);
    expect(diff.removed.map((t) => t.id)).toEqual(['05/CT-TTg:C.8']);
    expect(diff.unchanged).toBe(70);

    const a1 = (await env.store.getTask('05/CT-TTg:A.1'))!;
    expect(a1.deadline).toMatchObject({ raw: 'Tháng 4/2023', due: '2023-04-30' });
    expect(a1.history).toEqual([{
      at: at(3), source: 'ct05-v2.txt',
      changes: [{ field: 'deadline', from: expect.objectContaining({ raw: 'Tháng 3/2023' }), to: expect.objectContaining({ raw: 'Tháng 4/2023' }) }],
    }]);
    const c8 = (await env.store.getTask('05/CT-TTg:C.8'))!;
    expect(c8.removed).toEqual({ at: at(3), source: 'ct05-v2.txt' });
    expect(await env.store.listTasks({ directive: '05/CT-TTg' })).toHaveLength(72);

    // the same document again: nothing to do
    const again = await importRegistry(env.store, src(edited()), { directive: '05/CT-TTg', at: at(4) });
    expect([again.diff.added, again.diff.changed, again.diff.removed]).toEqual([[], [], []]);
    expect((await env.store.getTask('05/CT-TTg:A.1'))!.history).toHaveLength(1);
  });

  it('going back to the original: A.1 changes again (second history entry), C.8 comes back', async () => {
    const { diff } = await importRegistry(env.store, src(original), { directive: '05/CT-TTg', at: at(5) });
    expect(diff.changed.map((c) => [c.task.id, c.changes.map((x) => x.field)])).toEqual([
      ['05/CT-TTg:A.1', ['deadline']],
      ['05/CT-TTg:C.8', ['removed']],
    ]);
    expect((await env.store.getTask('05/CT-TTg:A.1'))!.history).toHaveLength(2);
    const c8 = (await env.store.getTask('05/CT-TTg:C.8'))!;
    expect(c8.removed).toBeUndefined();
    expect(c8.history?.map((h) => h.changes[0]!.field)).toEqual(['removed', 'removed']);
  });

  it('diffTasks ignores key order and provenance', async () => {
    const [t] = await env.store.listTasks({ directive: '142/QĐ-VPCP' });
    const moved = { ...t!, provenance: { ...t!.provenance, row: 9999 }, lead: { ids: t!.lead.ids, raw: t!.lead.raw } };
    expect(diffTasks('142/QĐ-VPCP', [t!], [moved]).unchanged).toBe(1);
  });
});

describe('intake registry (CLI)', () => {
  it('import --dry-run --json prints the diff; list filters by directive, agency and due date', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'registry-'));
    const file = join(dir, 'ct05.txt');
    writeFileSync(file, edited());
    const printed = JSON.parse(await capture(['registry', 'import', file, '--directive', '05/CT-TTg', '--dry-run', '--json']));
    expect(printed).toMatchObject({ directive: '05/CT-TTg', added: [], removed: ['05/CT-TTg:C.8'], unchanged: 70, tasks: 71, dryRun: true });
    expect(printed.changed).toEqual([expect.objectContaining({ id: '05/CT-TTg:A.1', fields: ['deadline'] })]);

    const listed = JSON.parse(await capture(['registry', 'list', '--directive', '04/CT-TTg', '--agency', 'bo-tu-phap', '--due-before', '2024-07-01', '--json']));
    const ids = listed.map((t: { id: string }) => t.id);
    expect(ids).toContain('04/CT-TTg:B.23'); // Bộ Tư pháp, Quý I/2024
    expect(ids.every((id: string) => id.startsWith('04/CT-TTg:'))).toBe(true);
    for (const t of listed) {
      // named, or given to a group Bộ Tư pháp is a member of ("Các bộ, ngành …")
      const named = [...t.lead.ids, ...(t.coord?.ids ?? [])].includes('bo-tu-phap');
      expect(named || [...(t.lead.groups ?? []), ...(t.coord?.groups ?? [])].includes('all_ministries'), t.id).toBe(true);
      expect(t.deadline.due < '2024-07-01').toBe(true);
    }
    const text = await capture(['registry', 'list', '--directive', '142/QĐ-VPCP']);
    expect(text).toMatch(/Tổng: 26 nhiệm vụ/);
  });

  it('show prints one task with its history', async () => {
    const text = await capture(['registry', 'show', '05/CT-TTg:A.1']);
    expect(text).toMatch(/^05\/CT-TTg:A\.1\n/);
    expect(text).toMatch(/Chủ trì: +Các bộ, ngành, địa phương/);
    expect(text).toMatch(/Nguồn: +003_fc6b95ce7bbd8ec1\.txt, bảng 1, dòng 504/);
    expect(text.match(/Thay đổi .*: deadline/g)).toHaveLength(2);
  });

  it('says which file is missing, in Vietnamese and English, without touching the store', async () => {
    const r = await runIntakeInProcess(['registry', 'import', '/nonexistent/phu-luc.docx', '--directive', '04/CT-TTg']);
    expect(r.code).toBe(1);
    process.exitCode = 0;
    expect(r.stderr).toMatch(/Không tìm thấy tệp .*file not found/);
  });

  it('rejects a malformed directive number with a clear error', async () => {
    const r = await runIntakeInProcess(['registry', 'list', '--directive', 'chỉ thị bốn']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--directive');
    process.exitCode = 0;
  });
});
