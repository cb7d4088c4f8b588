/** `intake match FILE --json`: the output contract of issue 5 item 6, against seeds/registry when the store is empty. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MatchOutputRow } from '#cli/commands/match';
import { useLocalStack } from '#testkit/local-stack';
import { runIntakeInProcess } from '#testkit/cli';

const runCli = async (...args: string[]): Promise<string> => (await runIntakeInProcess(args)).stdout;

useLocalStack({ deliverEvents: false });

const run = runCli;

const Output = z.object({ agency: z.string().nullable(), agencySource: z.string(), rows: z.array(MatchOutputRow) });

describe('intake match', () => {
  it('finds the agency in the document, says so, and prints every row with its match, status and lateness', async () => {
    const out = Output.parse(JSON.parse(await run('match', 'tests/fixtures/reports/bo-tu-phap.docx', '--as-of', '2024-06-20', '--json')));
    expect(out.agency).toBe('bo-tu-phap');
    expect(out.agencySource).toMatch(/title/);
    expect(out.rows).toHaveLength(18);
    const b22 = out.rows.find((r) => r.taskId === '04/CT-TTg:B.22')!;
    expect(b22).toMatchObject({ decision: 'auto', status: 'not_completed', statusSource: 'mark', due: '2024-06-30', overdue: false });
    const b28 = out.rows.find((r) => r.taskId === '04/CT-TTg:B.28')!;
    expect(b28).toMatchObject({ status: 'not_completed', due: '2024-04-30', overdue: true });
    const notice = out.rows.find((r) => r.content.startsWith('Các bộ, ngành đi đầu'))!;
    expect(notice).toMatchObject({ decision: 'new', taskId: null });
  }, 60_000);

  it('takes the agency from --agency', async () => {
    const out = Output.parse(JSON.parse(await run('match', 'tests/fixtures/reports/bo-y-te.xlsx', '--agency', 'BYT', '--as-of', '2024-06-20', '--json')));
    expect(out).toMatchObject({ agency: 'bo-y-te', agencySource: '--agency' });
  }, 60_000);

  it('takes the date as the secretariat writes it (dd/mm/yyyy) and says in Vietnamese how the agency was found', async () => {
    const out = Output.extend({ asOf: z.string() }).parse(JSON.parse(await run('match', 'tests/fixtures/reports/bo-tu-phap.docx', '--as-of', '20/06/2024', '--json')));
    expect(out.asOf).toBe('2024-06-20');
    expect(out.agencySource).toMatch(/^title/); // JSON keeps the code
    const text = await run('match', 'tests/fixtures/reports/bo-tu-phap.docx', '--as-of', '20/06/2024');
    expect(text).toContain('Cơ quan báo cáo: Bộ Tư pháp (từ tiêu đề); đối chiếu ngày 20/06/2024');
    expect(text).not.toMatch(/\(title|text: |deadline: |refs: |agency: /);
  }, 60_000);
});
