/**
 * The console's out-of-registry items page (#19 item 3) in-process (app.request) against the embedded stack: listed
 * for everyone signed in, promoted by the secretariat only (CSRF, same origin, zod), through the same use case as
 * `intake items promote`; the cells are escaped.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createConsole } from '#web/app';
import { localAuth } from '#web/auth';
import { useLocalStack } from '#testkit/local-stack';
import { decide } from '#shared/review/decide';
import type { Report, StoredRow } from '#shared/domain/report';

const env = useLocalStack({ deliverEvents: false });
const auth = localAuth({ tokens: {} });
let app: ReturnType<typeof createConsole>;
const ORIGIN = 'http://console.test';
const TEXT = 'Tổ chức tập huấn <script>alert(1)</script> cho cán bộ cấp xã về hướng dẫn người dân cài đặt ứng dụng tại bộ phận một cửa';

async function login(groups: Array<'secretariat' | 'viewer'>): Promise<{ cookie: string; csrf: string }> {
  const token = auth.issue({ name: groups[0] === 'secretariat' ? 'Thư ký' : 'Người xem', groups });
  const res = await app.request(`${ORIGIN}/dang-nhap?token=${token}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const page = await (await app.request(`${ORIGIN}/ngoai-danh-muc`, { headers: { cookie } })).text();
  return { cookie, csrf: /name="csrf-token" content="([^"]+)"/.exec(page)![1]! };
}
const post = (path: string, s: { cookie: string }, form: Record<string, string>) => app.request(`${ORIGIN}${path}`, {
  method: 'POST', body: new URLSearchParams(form).toString(),
  headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', host: 'console.test', origin: ORIGIN },
});

let itemId = '';
beforeAll(async () => {
  app = createConsole({ store: env.store, blobs: env.blobs, mailer: env.mailer, config: env.config, auth, now: () => new Date('2025-01-05T03:00:00Z') });
  const report: Report = {
    id: 'itemsweb0001', bucket: 'b', key: 'uploads/tinh-lao-cai/r.docx', fileName: 'bao-cao-lao-cai.docx', size: 1, sha256: 'x',
    receivedAt: '2024-06-15T03:00:00.000Z', reportDate: '2024-06-14', state: 'processed', agencyId: 'tinh-lao-cai',
  };
  await env.store.createReport(report);
  const row: StoredRow = {
    reportId: report.id, rowId: '0.1', table: 0, cells: { content: TEXT, stt: '4', deadline: 'Năm 2024', source: { row: 1 } },
    match: { taskId: null, score: 0.3, decision: 'review', candidates: [] }, status: { value: 'in_progress', source: 'result' },
  };
  await env.store.putRows([row]);
  itemId = (await decide(env.store, report, row, { action: 'new' }, { by: 'secretariat' })).record!.id;
});

describe('console: out-of-registry items', () => {
  it('lists the items (escaped); a viewer sees no form and cannot promote', async () => {
    const viewer = await login(['viewer']);
    const page = await (await app.request(`${ORIGIN}/ngoai-danh-muc`, { headers: { cookie: viewer.cookie } })).text();
    expect(page).toContain('bao-cao-lao-cai.docx');
    expect(page).toContain('&lt;script&gt;');
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('Đưa vào danh mục</button>');
    const queue = await (await app.request(`${ORIGIN}/xem-xet`, { headers: { cookie: viewer.cookie } })).text();
    expect(queue).toContain('href="/ngoai-danh-muc"');
    const res = await post(`/ngoai-danh-muc/${itemId}/dua-vao`, viewer, { _csrf: viewer.csrf, taskId: '2513/TB-TCTTKĐA:3', directive: '2513/TB-TCTTKĐA' });
    expect(res.status).toBe(403);
    expect(await env.store.getTask('2513/TB-TCTTKĐA:3')).toBeUndefined();
  });

  it('the secretariat promotes one: bad fields and an undated directive are refused in Vietnamese, then the task takes the row', async () => {
    const s = await login(['secretariat']);
    const page = await (await app.request(`${ORIGIN}/ngoai-danh-muc`, { headers: { cookie: s.cookie } })).text();
    expect(page).toContain(`action="/ngoai-danh-muc/${itemId}/dua-vao"`);
    let res = await post(`/ngoai-danh-muc/${itemId}/dua-vao`, s, { _csrf: s.csrf, taskId: 'khong co dau hai cham', directive: '2513/TB-TCTTKĐA' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Mã nhiệm vụ');
    res = await post(`/ngoai-danh-muc/${itemId}/dua-vao`, s, { _csrf: s.csrf, taskId: '2513/TB-TCTTKĐA:3', directive: '2513/TB-TCTTKĐA' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('cần ngày ban hành và trích yếu');
    expect((await post(`/ngoai-danh-muc/${itemId}/dua-vao`, s, { taskId: '2513/TB-TCTTKĐA:3', directive: '2513/TB-TCTTKĐA' })).status).toBe(403);

    res = await post(`/ngoai-danh-muc/${itemId}/dua-vao`, s, { _csrf: s.csrf, taskId: '2513/TB-TCTTKĐA:3', directive: '2513/TB-TCTTKĐA', date: '01/03/2024', directiveTitle: 'Thông báo kết luận' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/ngoai-danh-muc?xong=${encodeURIComponent('2513/TB-TCTTKĐA:3')}`);
    expect(await env.store.getTask('2513/TB-TCTTKĐA:3')).toMatchObject({ directive: { date: '2024-03-01' }, promoted: { by: 'Thư ký' } });
    expect((await env.store.getRow('itemsweb0001', '0.1'))!.override).toMatchObject({ action: 'accept', taskId: '2513/TB-TCTTKĐA:3' });
    const after = await (await app.request(`${ORIGIN}/ngoai-danh-muc?xong=x`, { headers: { cookie: s.cookie } })).text();
    expect(after).toContain('Chưa có nhiệm vụ ngoài danh mục nào.');
    expect(after).toContain('2513/TB-TCTTKĐA:3');
  });
});
