/**
 * The console's routes in-process (app.request) against the embedded stack: a session is needed everywhere, the
 * login token works once per browser and leaves the URL, state changes need the same origin and the CSRF token,
 * viewers cannot decide, zod refuses bad forms in Vietnamese, and a decision is the same as `intake review`'s.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createConsole, STATE_CHANGES_PER_MINUTE } from '#web/app';
import { localAuth, csrfToken } from '#web/auth';
import { useLocalStack } from '#testkit/local-stack';
import { seedConsole, XSS } from '#testkit/console-world';
import { readFileSync } from 'node:fs';
import { seedPath } from '#shared/domain/seeds';
import { PREFIXES } from '#shared/ingest/prefixes';
import { campaignFor } from '#shared/templates';
import { withReadCache } from '#shared/store/read-cache';
import { FAILURES, sentence } from '#shared/domain/failures';

const env = useLocalStack({ deliverEvents: false });
const SECRETARIAT = 'secretariat-token-0123456789abcdef';
const VIEWER = 'viewer-token-0123456789abcdef0123';
const USERS = { secretariat: { name: 'Nguyễn Thư Ký', groups: ['secretariat'] }, viewer: { name: 'Người xem', groups: ['viewer'] } } as const;
const auth = localAuth({ tokens: { [SECRETARIAT]: { ...USERS.secretariat, groups: ['secretariat'] }, [VIEWER]: { ...USERS.viewer, groups: ['viewer'] } } });
let app: ReturnType<typeof createConsole>;
const ORIGIN = 'http://console.test';

/** A session for a fresh single-use token of that group (a token opens one session only). */
async function login(who: keyof typeof USERS): Promise<{ cookie: string; csrf: string }> {
  const token = auth.issue({ name: USERS[who].name, groups: [...USERS[who].groups] });
  const res = await app.request(`${ORIGIN}/dang-nhap?token=${token}`);
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/');
  const set = res.headers.get('set-cookie') ?? '';
  expect(set).toMatch(/HttpOnly/i);
  expect(set).toMatch(/SameSite=Strict/i);
  const cookie = set.split(';')[0]!;
  const page = await (await app.request(`${ORIGIN}/xem-xet`, { headers: { cookie } })).text();
  const csrf = /name="csrf-token" content="([^"]+)"/.exec(page)?.[1];
  expect(csrf).toBeTruthy();
  return { cookie, csrf: csrf! };
}

function post(path: string, s: { cookie: string }, form: Record<string, string>, headers: Record<string, string> = { origin: ORIGIN }) {
  return app.request(`${ORIGIN}${path}`, {
    method: 'POST', body: new URLSearchParams(form).toString(),
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', host: 'console.test', ...headers },
  });
}

function upload(s: { cookie: string }, form: Record<string, string | File>) {
  const body = new FormData();
  for (const [k, v] of Object.entries(form)) body.append(k, v);
  return app.request(`${ORIGIN}/danh-muc/nhap`, { method: 'POST', body, headers: { cookie: s.cookie, host: 'console.test', origin: ORIGIN } });
}

/** Seed 003 (05/CT-TTg's appendix, text) as uploaded, and with A.1's deadline changed and the last task taken out. */
const CT05 = readFileSync(seedPath('sources', '003_fc6b95ce7bbd8ec1.txt'), 'utf8');
function ct05Edited(): string {
  const lines = CT05.split('\n');
  lines[512] = 'Tháng 4/2023';
  return lines.slice(0, lines.lastIndexOf('8')).join('\n');
}
const file = (text: string, name = 'phu-luc-05.txt') => new File([text], name, { type: 'text/plain' });

beforeAll(async () => {
  await seedConsole(env.store);
  app = createConsole({ store: env.store, blobs: env.blobs, mailer: env.mailer, config: env.config, auth, now: () => new Date('2024-06-17T03:00:00Z') });
});

describe('console routes', () => {
  it('every page needs a session; a wrong token is refused; the CSP is strict', async () => {
    for (const path of ['/', '/xem-xet', '/xem-xet/r1-cong-an/0.7']) {
      const res = await app.request(`${ORIGIN}${path}`);
      expect(res.status, path).toBe(401);
    }
    expect((await app.request(`${ORIGIN}/dang-nhap?token=not-the-right-token-xxxxxxxx`)).status).toBe(401);
    const res = await app.request(`${ORIGIN}/dang-nhap?token=${SECRETARIAT}`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect((await app.request(`${ORIGIN}/static/htmx.min.js`)).status).toBe(200);
  });

  it('the login token is single-use: a second opening is refused with a page saying what to do; the signed-in browser goes on', async () => {
    const first = await app.request(`${ORIGIN}/dang-nhap?token=${VIEWER}`);
    expect(first.status).toBe(303);
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0]!;
    const again = await app.request(`${ORIGIN}/dang-nhap?token=${VIEWER}`);
    expect(again.status).toBe(403);
    expect(again.headers.get('set-cookie')).toBeNull();
    const text = await again.text();
    expect(text).toContain('đã được dùng');
    expect(text).toContain('chạy lại');
    // the browser that used it: the cookie still works, and the old link just takes it home
    const same = await app.request(`${ORIGIN}/dang-nhap?token=${VIEWER}`, { headers: { cookie } });
    expect(same.status).toBe(303);
    expect(same.headers.get('location')).toBe('/');
    expect((await app.request(`${ORIGIN}/`, { headers: { cookie } })).status).toBe(200);
  });

  it('state changes need the same origin and the CSRF token', async () => {
    const s = await login('secretariat');
    const path = '/xem-xet/r2-y-te/0.4';
    expect((await post(path, s, { action: 'new' })).status).toBe(403); // no token
    expect((await post(path, s, { action: 'new', _csrf: csrfToken(Buffer.alloc(32), 'x') })).status).toBe(403); // forged
    expect((await post(path, s, { action: 'new', _csrf: s.csrf }, { origin: 'http://evil.test' })).status).toBe(403);
    expect((await post(path, s, { action: 'new', _csrf: s.csrf }, {})).status).toBe(403); // no Origin, no Fetch Metadata
    expect((await env.store.getRow('r2-y-te', '0.4'))?.override).toBeUndefined();
  });

  it('zod refuses a bad form and a bad path in Vietnamese, naming the field', async () => {
    const s = await login('secretariat');
    const bad = await post('/xem-xet/r2-y-te/0.4', s, { action: 'accept', taskId: 'không có dấu hai chấm', _csrf: s.csrf });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('Mã nhiệm vụ');
    expect(text).toContain('mã nhiệm vụ dạng 04/CT-TTg:B.22');
    const unknown = await post('/xem-xet/r2-y-te/0.4', s, { action: 'accept', taskId: '04/CT-TTg:Z.99', _csrf: s.csrf });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('không có trong danh mục');
    expect((await post('/xem-xet/r2-y-te/0.4', s, { action: 'xoá', _csrf: s.csrf })).status).toBe(400);
    expect((await app.request(`${ORIGIN}/xem-xet/r2-y-te/abc`, { headers: { cookie: s.cookie } })).status).toBe(400);
    expect((await app.request(`${ORIGIN}/xem-xet?page=0`, { headers: { cookie: s.cookie } })).status).toBe(400);
    expect((await env.store.getRow('r2-y-te', '0.4'))?.override).toBeUndefined();
  });

  it('a viewer reads the queue but cannot decide', async () => {
    const s = await login('viewer');
    const page = await app.request(`${ORIGIN}/xem-xet/r2-y-te/0.4`, { headers: { cookie: s.cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain('Chấp nhận gợi ý');
    const res = await post('/xem-xet/r2-y-te/0.4', s, { action: 'accept', taskId: '04/CT-TTg:B.5', _csrf: s.csrf });
    expect(res.status).toBe(403);
    expect((await env.store.getRow('r2-y-te', '0.4'))?.override).toBeUndefined();
  });

  it('untrusted cells stay text', async () => {
    const s = await login('secretariat');
    const text = await (await app.request(`${ORIGIN}/xem-xet/r1-cong-an/0.8`, { headers: { cookie: s.cookie } })).text();
    expect(text).not.toContain('<script>window.__pwned');
    expect(text).not.toContain('<img src=x');
    expect(text).not.toContain('href="javascript:');
    expect(text).toContain('&lt;script&gt;');
    const queue = await (await app.request(`${ORIGIN}/xem-xet`, { headers: { cookie: s.cookie } })).text();
    expect(queue).not.toContain(XSS.content);
  });

  it('a decision is recorded like `intake review accept`: override with who and when, status for the task, next row opens', async () => {
    const s = await login('secretariat');
    const res = await post('/xem-xet/r2-y-te/0.4', s, { action: 'accept', taskId: '04/CT-TTg:B.3', _csrf: s.csrf });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/xem-xet\/r1-cong-an\/0\.7\?xong=/);
    const row = await env.store.getRow('r2-y-te', '0.4');
    expect(row?.override).toMatchObject({ action: 'accept', taskId: '04/CT-TTg:B.3', by: 'Nguyễn Thư Ký', at: '2024-06-17T03:00:00.000Z' });
    const history = await env.store.statusHistory('04/CT-TTg:B.3');
    expect(history.find((h) => h.reportId === 'r2-y-te' && h.rowId === '0.4')).toMatchObject({ by: 'secretariat', status: 'completed' });
    const queue = await (await app.request(`${ORIGIN}/xem-xet`, { headers: { cookie: s.cookie } })).text();
    expect(queue).toContain('2 dòng đang chờ');
  });

  it('the queue holds rows waiting to be confirmed as new, with their own action; the row page shows the word differences and the shortcuts', async () => {
    const s = await login('secretariat');
    const get = async (p: string) => (await app.request(`${ORIGIN}${p}`, { headers: { cookie: s.cookie } })).text();
    await env.store.createReport({ ...(await env.store.getReport('r3-cong-an'))!, id: 'r5-moi', sha256: 'r5-moi', fileName: 'r5-moi.docx', counts: { rows: 2, auto: 1, review: 0, new: 1 } });
    await env.store.putRows([{
      reportId: 'r5-moi', rowId: '0.3', table: 0,
      cells: { stt: '3', content: 'Xây dựng <b>kho</b> dữ liệu mở về đất đai', source: { row: 4 } },
      match: { taskId: null, score: 0.21, decision: 'new', candidates: [] },
    }]);
    const queue = await get('/xem-xet');
    expect(queue).toContain('(trong đó 1 dòng ngoài danh mục chờ xác nhận là nhiệm vụ mới)');
    expect(queue).toContain('Ngoài danh mục, chờ xác nhận mới');
    expect(queue).toContain('action="/xem-xet/r5-moi/0.3?tu=hang-cho"');
    expect(queue).toContain('Xây dựng &lt;b&gt;kho&lt;/b&gt;');
    const rowPage = await get('/xem-xet/r5-moi/0.3');
    expect(rowPage).toContain('xác nhận là nhiệm vụ mới');
    expect(rowPage).toContain('Phím tắt');
    expect(rowPage).toContain('data-key="m"');
    // word differences between the row and a candidate, both ways, escaped
    const r1 = await get('/xem-xet/r1-cong-an/0.8');
    expect(r1).not.toContain('<script>window.__pwned');
    const r07 = await get('/xem-xet/r2-y-te/0.4');
    expect(r07).toMatch(/<mark>[^<]+<\/mark>/);
    // the inline action from the list: recorded as `intake review new`, and the list opens again
    const res = await post('/xem-xet/r5-moi/0.3?tu=hang-cho', s, { _csrf: s.csrf, action: 'new' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/xem-xet\?xong=/);
    expect((await env.store.getRow('r5-moi', '0.3'))?.override).toMatchObject({ action: 'new', by: 'Nguyễn Thư Ký' });
    expect(await get('/xem-xet')).not.toContain('r5-moi');
  });

  it('registry, task and report pages: filters validated, cells escaped, the original file downloads under its name', async () => {
    const s = await login('secretariat');
    const get = (p: string) => app.request(`${ORIGIN}${p}`, { headers: { cookie: s.cookie } });
    const overdue = await (await get('/nhiem-vu?overdue=1')).text();
    // as of 17/06/2024: A.1 (2023) is overdue, B.6 (recurring) and B.7 (09/2024) are not
    expect(overdue).toContain('04/CT-TTg:A.1');
    expect(overdue).not.toContain('>04/CT-TTg:B.7<');
    expect(overdue).not.toContain('>04/CT-TTg:B.6<');
    const bad = await get('/nhiem-vu?dueBefore=31/02/2024');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('không phải một ngày');
    const before = await (await get('/nhiem-vu?dueBefore=01/02/2024')).text();
    expect(before).toContain('04/CT-TTg:A.2'); // 12/2022
    expect(before).not.toContain('>04/CT-TTg:B.2<'); // 04/2024
    const task = await (await get(`/nhiem-vu/${encodeURIComponent('04/CT-TTg:B.8')}`)).text();
    expect(task).toContain('Bộ Công an');
    expect(task).toContain('Bộ Y tế');
    expect(task).toContain('Chưa hoàn thành');
    const report = await (await get('/bao-cao/r1-cong-an')).text();
    expect(report).not.toContain('<script>window.__pwned');
    expect(report).toContain('&lt;script&gt;');
    await env.blobs.put('uploads/bo-cong-an/r1-cong-an.docx', 'tệp gốc');
    const file = await get('/bao-cao/r1-cong-an/tep');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain("filename*=UTF-8''r1-cong-an.docx");
    expect(await file.text()).toBe('tệp gốc');
    expect((await get('/bao-cao/r0-tu-phap/tep')).status).toBe(404);
  });

  it('meetings: add (validated), preview as the mail, send only after confirming, history; viewers cannot add', async () => {
    const s = await login('secretariat');
    const get = (p: string) => app.request(`${ORIGIN}${p}`, { headers: { cookie: s.cookie } });
    const bad = await post('/phien-hop', s, { _csrf: s.csrf, title: 'Họp', date: '32/06/2024', recipients: 'không-phải-thư' });
    expect(bad.status).toBe(400);
    const badText = await bad.text();
    expect(badText).toContain('Ngày');
    expect(badText).toContain('Người nhận');
    const added = await post('/phien-hop', s, { _csrf: s.csrf, title: 'Phiên họp Tổ công tác tháng 6', date: '20/06/2024', sendDaysBefore: '3', recipients: 'lanh-dao@example.gov.vn' });
    expect(added.status).toBe(303);
    const href = added.headers.get('location')!;
    const [m] = await env.store.listMeetings();
    expect(m).toMatchObject({ date: '2024-06-20', recipients: ['lanh-dao@example.gov.vn'] });
    expect(await (await get(href)).text()).toContain('20/06/2024');
    const mail = await get(`${href}/thu?asOf=17/06/2024`);
    expect(mail.headers.get('content-security-policy')).toContain('sandbox');
    expect(await mail.text()).toContain('Phiên họp Tổ công tác tháng 6 (20/06/2024)');
    const before = env.stack.sentMail().length;
    expect((await post(`${href}/gui`, s, { _csrf: s.csrf, asOf: '17/06/2024' })).status).toBe(400); // not confirmed
    expect(env.stack.sentMail().length).toBe(before);
    const sent = await post(`${href}/gui`, s, { _csrf: s.csrf, asOf: '17/06/2024', confirm: '1' });
    expect(sent.status).toBe(200);
    expect(env.stack.sentMail().length).toBe(before + 1);
    expect(env.stack.sentMail().at(-1)?.destination.to).toEqual(['lanh-dao@example.gov.vn']);
    expect((await env.store.listDigests()).some((d) => d.meetingId === m!.id && d.sentAt)).toBe(true);
    const v = await login('viewer');
    expect((await post('/phien-hop', v, { _csrf: v.csrf, title: 'X', date: '20/07/2024' })).status).toBe(403);
    expect(await env.store.listMeetings()).toHaveLength(1);
  });

  it('agencies: contacts edited (validated), reports and open tasks on the agency page', async () => {
    const s = await login('secretariat');
    expect((await post('/co-quan/bo-y-te/lien-he', s, { _csrf: s.csrf, emails: 'khong-phai-thu', domains: '' })).status).toBe(400);
    expect((await post('/co-quan/bo-y-te/lien-he', s, { _csrf: s.csrf, emails: 'VanThu@moh.gov.vn, kh@moh.gov.vn', domains: 'moh.gov.vn' })).status).toBe(303);
    expect((await env.store.listContacts()).find((x) => x.agencyId === 'bo-y-te')).toMatchObject({ emails: ['vanthu@moh.gov.vn', 'kh@moh.gov.vn'], domains: ['moh.gov.vn'] });
    const text = await (await app.request(`${ORIGIN}/co-quan/bo-y-te`, { headers: { cookie: s.cookie } })).text();
    expect(text).toContain('r2-y-te.docx');
    expect(text).toContain('04/CT-TTg:B.1'); // in progress: open
    expect(text).not.toContain('>04/CT-TTg:B.3<'); // completed
    expect(await (await app.request(`${ORIGIN}/co-quan`, { headers: { cookie: s.cookie } })).text()).toContain('vanthu@moh.gov.vn');
  });

  it('report actions: reassign and withdraw go through a confirmation, need CSRF, the secretariat, zod; recorded as the CLI does', async () => {
    const s = await login('secretariat');
    const v = await login('viewer');
    const get = (p: string, who = s) => app.request(`${ORIGIN}${p}`, { headers: { cookie: who.cookie } });
    // the report page offers the actions to the secretariat only
    expect(await (await get('/bao-cao/r4-hue')).text()).toContain('Chuyển sang cơ quan');
    expect(await (await get('/bao-cao/r4-hue', v)).text()).not.toContain('Chuyển sang cơ quan');
    // the confirmation page writes nothing; a viewer does not get it
    const confirm = await get('/bao-cao/r4-hue/chuyen?agency=bo-noi-vu&reason=G%E1%BB%ADi+nh%E1%BA%A7m');
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Bộ Nội vụ');
    expect((await env.store.getReport('r4-hue'))?.agencyId).toBe('tinh-thua-thien-hue');
    expect((await get('/bao-cao/r4-hue/chuyen?agency=bo-noi-vu', v)).status).toBe(403);
    expect((await get('/bao-cao/r4-hue/chuyen?agency=Bo%20Noi%20Vu')).status).toBe(400);
    // refusals: no CSRF, viewer, not confirmed, unknown agency
    expect((await post('/bao-cao/r4-hue/chuyen', s, { agency: 'bo-noi-vu', confirm: '1' })).status).toBe(403);
    expect((await post('/bao-cao/r4-hue/chuyen', v, { _csrf: v.csrf, agency: 'bo-noi-vu', confirm: '1' })).status).toBe(403);
    const unconfirmed = await post('/bao-cao/r4-hue/chuyen', s, { _csrf: s.csrf, agency: 'bo-noi-vu' });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain('Xác nhận: cần xác nhận');
    const unknown = await post('/bao-cao/r4-hue/chuyen', s, { _csrf: s.csrf, agency: 'bo-khong-co', confirm: '1' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('không có trong danh sách cơ quan');
    expect((await env.store.getReport('r4-hue'))?.agencyId).toBe('tinh-thua-thien-hue');
    // done: the same record as `intake reports reassign`, by the signed-in person
    const moved = await post('/bao-cao/r4-hue/chuyen', s, { _csrf: s.csrf, agency: 'bo-noi-vu', reason: 'Gửi nhầm', confirm: '1' });
    expect(moved.status).toBe(303);
    expect(moved.headers.get('location')).toBe('/bao-cao/r4-hue?xong=chuyen');
    expect(await env.store.getReport('r4-hue')).toMatchObject({
      agencyId: 'bo-noi-vu', agencySource: 'secretariat',
      history: [{ action: 'reassigned', from: 'tinh-thua-thien-hue', to: 'bo-noi-vu', by: 'Nguyễn Thư Ký', reason: 'Gửi nhầm', at: '2024-06-17T03:00:00.000Z' }],
    });
    // the use case's own refusal (already that agency's) is a 400 in Vietnamese
    const same = await post('/bao-cao/r4-hue/chuyen', s, { _csrf: s.csrf, agency: 'bo-noi-vu', confirm: '1' });
    expect(same.status).toBe(400);
    expect(await same.text()).toContain('Báo cáo đã thuộc cơ quan này');

    // withdraw
    expect((await get('/bao-cao/r4-hue/rut', v)).status).toBe(403);
    expect((await get('/bao-cao/r4-hue/rut')).status).toBe(200);
    expect((await post('/bao-cao/r4-hue/rut', v, { _csrf: v.csrf, confirm: '1' })).status).toBe(403);
    expect((await post('/bao-cao/r4-hue/rut', s, { _csrf: s.csrf, reason: 'x'.repeat(301), confirm: '1' })).status).toBe(400);
    expect((await env.store.getReport('r4-hue'))?.withdrawn).toBeUndefined();
    const withdrawn = await post('/bao-cao/r4-hue/rut', s, { _csrf: s.csrf, reason: 'Trùng', confirm: '1' });
    expect(withdrawn.status).toBe(303);
    expect((await env.store.getReport('r4-hue'))?.withdrawn).toMatchObject({ by: 'Nguyễn Thư Ký', reason: 'Trùng' });
    const after = await (await get('/bao-cao/r4-hue?xong=rut')).text();
    expect(after).toContain('Đã rút báo cáo.');
    expect(after).toContain('Báo cáo đã bị rút');
    expect(after).not.toContain('Rút báo cáo…');
    expect((await post('/bao-cao/r4-hue/rut', s, { _csrf: s.csrf, confirm: '1' })).status).toBe(400); // already withdrawn
  });

  it('a session posting in a loop is slowed down (429 with Retry-After), another session is not', async () => {
    const s = await login('secretariat');
    const statuses: number[] = [];
    for (let i = 0; i < STATE_CHANGES_PER_MINUTE + 1; i++) statuses.push((await post('/xem-xet/r2-y-te/0.4', s, { action: 'xoá', _csrf: s.csrf })).status);
    expect(statuses.slice(0, STATE_CHANGES_PER_MINUTE).every((x) => x === 400)).toBe(true);
    const last = await post('/xem-xet/r2-y-te/0.4', s, { action: 'xoá', _csrf: s.csrf });
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await last.text()).toContain('quá nhiều yêu cầu');
    const other = await login('secretariat');
    expect((await post('/xem-xet/r2-y-te/0.4', other, { action: 'xoá', _csrf: other.csrf })).status).toBe(400);
  });

  it('Tổng quan: the digest\'s numbers as of the chosen date; a bad date is refused', async () => {
    const s = await login('secretariat');
    const get = (p: string) => app.request(`${ORIGIN}${p}`, { headers: { cookie: s.cookie } });
    expect((await get('/?asOf=hôm-qua')).status).toBe(400);
    const text = await (await get('/?asOf=17/06/2024')).text();
    expect(text).toContain('value="17/06/2024"');
    // as of 17/06/2024 A.1 (2023), A.2 (12/2022) are late; B.7 (09/2024) is not
    expect(text).toContain('>04/CT-TTg:A.1<');
    expect(text).toContain('>04/CT-TTg:A.2<');
    expect(text).not.toContain('>04/CT-TTg:B.7<');
  });

  it('Tổng quan: the current round from `templates send`\'s campaign; charts as accessible SVG whose bars open the list behind them', async () => {
    const s = await login('secretariat');
    const get = async (p: string) => (await app.request(`${ORIGIN}${p.replace(/&amp;/g, '&')}`, { headers: { cookie: s.cookie } })).text();
    expect(await get('/?asOf=17/06/2024')).toContain('Chưa có đợt báo cáo nào');
    await env.store.setContact({ agencyId: 'bo-tu-phap', emails: ['vanphong@moj.gov.vn'], domains: [] });
    await env.store.putCampaign(campaignFor({ period: '6 tháng đầu năm 2024', deadline: '2024-06-20', remindDaysBefore: 3, now: new Date('2024-06-01T02:00:00Z') }));
    const text = await get('/?asOf=17/06/2024');
    expect(text).toContain('Đợt báo cáo hiện tại: 6 tháng đầu năm 2024');
    expect(text).toContain('Hạn nộp: <strong>20/06/2024</strong> (còn 3 ngày)');
    const pending = text.slice(text.indexOf('<caption>Chưa báo cáo'), text.indexOf('</table>', text.indexOf('<caption>Chưa báo cáo')));
    const reported = text.slice(text.indexOf('<summary>Đã báo cáo'), text.indexOf('</details>', text.indexOf('<summary>Đã báo cáo')));
    // Bộ Y tế sent r2 on 12/06 (after the templates went out); Bộ Tư pháp's last report is from February
    expect(reported).toContain('Bộ Y tế');
    expect(reported).toContain('r2-y-te.docx');
    expect(pending).toContain('Bộ Tư pháp');
    expect(pending).toContain('vanphong@moj.gov.vn');
    expect(pending).not.toContain('Bộ Y tế');

    // three charts, each an image with a title and its numbers, each bar a link
    expect(text.match(/<svg role="img" aria-labelledby="[^"]+"/g)).toHaveLength(3);
    expect(text).toContain('<title id="theo-muc-t">Tình trạng nhiệm vụ theo mục, đến ngày 17/06/2024</title>');
    expect(text).not.toMatch(/<script(?! src="\/static\/)/); // no script but the two files from /static
    // status by section → the tasks of that section and category, the same the digest counts
    const overdueA = /<a href="(\/nhiem-vu\?directive=04%2FCT-TTg&amp;section=A&amp;category=overdue&amp;asOf=17%2F06%2F2024)" aria-label="04\/CT-TTg · mục A, Chậm muộn: (\d+) nhiệm vụ">/.exec(text);
    expect(overdueA).toBeTruthy();
    const list = await get(overdueA![1]!);
    expect(list).toContain(`${overdueA![2]} nhiệm vụ — nhóm <strong>Chậm muộn</strong>`);
    expect(list).toContain('>04/CT-TTg:A.1<');
    expect(list).not.toContain('>04/CT-TTg:B.');
    // reports per day → the reports received that day
    const day = /<a href="(\/bao-cao\?ngay=12%2F06%2F2024)" aria-label="12\/06\/2024, Báo cáo nhận được: 1 báo cáo">/.exec(text);
    expect(day).toBeTruthy();
    const onDay = await get(day![1]!);
    expect(onDay).toContain('1 báo cáo.');
    expect(onDay).toContain('r2-y-te.docx');
    // agencies by completion → a list on the page
    expect(text).toMatch(/<a href="#nhom-none" aria-label="Chưa báo cáo, Cơ quan: \d+ cơ quan">/);
    expect(text).toContain('id="nhom-none"');
    expect((await app.request(`${ORIGIN}/nhiem-vu?category=late`, { headers: { cookie: s.cookie } })).status).toBe(400);
  });

  // last: it adds 05/CT-TTg's 72 tasks to the small world the tests above count on
  it('Danh mục: upload → diff (nothing written) → confirm imports as `intake registry import`; refusals before anything is stored', async () => {
    const s = await login('secretariat');
    const v = await login('viewer');
    const get = (p: string, who = s) => app.request(`${ORIGIN}${p}`, { headers: { cookie: who.cookie } });
    const home = await (await get('/danh-muc')).text();
    expect(home).toContain('04/CT-TTg');
    expect(home).toMatch(/href="\/nhiem-vu\?directive=04%2FCT-TTg&amp;section=B">Mục B<\/a>[^:]*: 9</);
    expect(home).toContain('enctype="multipart/form-data"');
    expect(await (await get('/danh-muc', v)).text()).not.toContain('Nhập phụ lục');
    const staged = async () => (await env.blobs.list(PREFIXES.registry)).length;

    // refusals: no CSRF, a viewer, a bad directive number, an empty file, a file the ingest would refuse
    expect((await upload(s, { file: file(CT05), directive: '05/CT-TTg' })).status).toBe(403);
    expect((await upload(v, { _csrf: v.csrf, file: file(CT05), directive: '05/CT-TTg' })).status).toBe(403);
    const badNumber = await upload(s, { _csrf: s.csrf, file: file(CT05), directive: 'chỉ thị năm' });
    expect(badNumber.status).toBe(400);
    expect(await badNumber.text()).toContain('Số hiệu văn bản: số hiệu văn bản không hợp lệ');
    const empty = await upload(s, { _csrf: s.csrf, file: file(''), directive: '05/CT-TTg' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Tệp phụ lục');
    const zip = await upload(s, { _csrf: s.csrf, file: new File([new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)])], 'x.docx'), directive: '05/CT-TTg' });
    expect(zip.status).toBe(400);
    expect(await zip.text()).toContain('Không nhập được');
    // the configured size limit: over it by far, refused before the body is read; over it a little, by the ingest's check
    const small = createConsole({ store: env.store, blobs: env.blobs, mailer: env.mailer, config: { ...env.config, limits: { maxBytes: 2048 } }, auth, now: () => new Date('2024-06-17T03:00:00Z') });
    const big = new FormData();
    big.append('_csrf', s.csrf); big.append('directive', '05/CT-TTg'); big.append('file', file(CT05));
    const tooBig = await small.request(`${ORIGIN}/danh-muc/nhap`, { method: 'POST', body: big, headers: { cookie: s.cookie, host: 'console.test', origin: ORIGIN } });
    expect(tooBig.status).toBe(413);
    expect(await tooBig.text()).toContain('vượt giới hạn 2 KB');
    const over = new FormData();
    over.append('_csrf', s.csrf); over.append('directive', '05/CT-TTg'); over.append('file', file(CT05.slice(0, 3000)));
    const overLimit = await small.request(`${ORIGIN}/danh-muc/nhap`, { method: 'POST', body: over, headers: { cookie: s.cookie, host: 'console.test', origin: ORIGIN } });
    expect(overLimit.status).toBe(400);
    const refusedText = await overLimit.text();
    expect(refusedText).toContain(sentence(FAILURES.too_large.what));
    expect(refusedText).toContain('giới hạn: 2 KB');
    expect(await staged()).toBe(0);

    // upload: the diff, nothing written
    const first = await upload(s, { _csrf: s.csrf, file: file(CT05), directive: '05/CT-TTg' });
    expect(first.status).toBe(200);
    const preview = await first.text();
    expect(preview).toContain('Thêm mới: <strong>72</strong>');
    expect(await env.store.listTasks({ directive: '05/CT-TTg' })).toHaveLength(0);
    expect(await staged()).toBe(1);
    const field = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1]?.replace(/&amp;/g, '&');
    const confirm = (html: string, who = s, over: Record<string, string> = {}) => post('/danh-muc/nhap/xac-nhan', who, {
      _csrf: who.csrf, sha: field(html, 'sha')!, name: field(html, 'name')!, directive: field(html, 'directive')!, fingerprint: field(html, 'fingerprint')!, ...over,
    });
    expect((await confirm(preview, v)).status).toBe(403);
    expect((await confirm(preview, s, { fingerprint: 'không' })).status).toBe(400);
    const done = await confirm(preview);
    expect(done.status).toBe(303);
    expect(decodeURIComponent(done.headers.get('location')!.replace(/\+/g, ' '))).toContain('thêm 72');
    expect(await env.store.listTasks({ directive: '05/CT-TTg' })).toHaveLength(72);
    expect(await staged()).toBe(0);
    // confirming the same upload again: it is gone
    expect((await confirm(preview)).status).toBe(400);

    // the edited appendix: one changed (the deadline, shown as a word diff), one removed
    const second = await (await upload(s, { _csrf: s.csrf, file: file(ct05Edited(), 'ct05-v2.txt'), directive: '05/CT-TTg' })).text();
    expect(second).toContain('Thay đổi: <strong>1</strong>');
    expect(second).toContain('Không còn trong văn bản: <strong>1</strong>');
    expect(second).toMatch(/Thời hạn<\/strong>: Tháng <del>3[^<]*<\/del><ins>4[^<]*<\/ins>/);
    // someone else imports meanwhile: the confirmation shows the new diff instead of writing a stale one
    const third = await (await upload(s, { _csrf: s.csrf, file: file(`${ct05Edited()}\n`, 'ct05-v2b.txt'), directive: '05/CT-TTg' })).text();
    expect((await confirm(third)).status).toBe(303);
    const stale = await confirm(second);
    expect(stale.status).toBe(409);
    const staleText = await stale.text();
    expect(staleText).toContain('Danh mục đã thay đổi từ lúc xem');
    expect(staleText).toContain('không có gì để ghi');
    expect((await env.store.getTask('05/CT-TTg:A.1'))?.deadline.raw).toBe('Tháng 4/2023');
    expect((await env.store.getTask('05/CT-TTg:C.8'))?.removed).toBeTruthy();
    expect((await env.store.getTask('05/CT-TTg:A.1'))?.history?.[0]?.source).toContain('Nguyễn Thư Ký');
  });

  it('through the read cache (as `intake serve` and the Lambda wire it) Tổng quan and Nhiệm vụ are the same pages, kept per date, and a status written shows at once', async () => {
    const cached = createConsole({ store: withReadCache(env.store, { settleMs: 0, checkEveryMs: 0 }), blobs: env.blobs, mailer: env.mailer, config: env.config, auth, now: () => new Date('2024-06-17T03:00:00Z') });
    const s = await login('secretariat');
    const main = async (a: typeof app, p: string) => { const t = await (await a.request(`${ORIGIN}${p}`, { headers: { cookie: s.cookie } })).text(); return t.slice(t.indexOf('<main'), t.indexOf('</main>')); };
    const paths = ['/?asOf=17/06/2024', '/?asOf=01/02/2024', '/nhiem-vu', '/nhiem-vu?overdue=1', '/nhiem-vu?status=none&q=du lieu', '/nhiem-vu?agency=bo-y-te', '/nhiem-vu?category=overdue&asOf=17/06/2024'];
    for (const p of paths) {
      const plain = await main(app, p);
      expect(plain.length).toBeGreaterThan(500);
      expect(await main(cached, p)).toBe(plain);
      expect(await main(cached, p)).toBe(plain); // the kept answer
    }
    const before = await main(cached, '/nhiem-vu?status=recurring');
    expect(before).not.toContain('>04/CT-TTg:B.7<');
    await withReadCache(env.store).appendStatus({ taskId: '04/CT-TTg:B.7', reportId: 'r-cache', rowId: '0.1', agencyId: 'bo-cong-an', status: 'recurring', reportDate: '2024-06-16', recordedAt: '2024-06-16T03:00:00Z', by: 'matcher' });
    expect(await main(cached, '/nhiem-vu?status=recurring')).toContain('>04/CT-TTg:B.7<');
    for (const p of paths) expect(await main(cached, p)).toBe(await main(app, p));
  });
});
