/**
 * The agency's page for a round, in-process against the embedded stack: the signed link opens it (and leaves the
 * address bar), its tasks are the agency's own with the status on record; three tasks filled and submitted become a
 * report of origin "web" that the console's task page and the digest show; the same content again changes nothing;
 * another agency's link can neither read nor write those tasks; tampered, expired and revoked links get their page
 * and nothing else; CSRF, origin and the rate limit hold; the token is never in a log line.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createConsole } from '#web/app';
import { localAuth } from '#web/auth';
import { useLocalStack } from '#testkit/local-stack';
import { ROUND_NOW, openAgencyLink, seedRound, taskIndexes, type AgencyClient } from '#testkit/agency-round';
import { issueLink, revokeLink } from '#shared/rounds/link';
import { buildDigest } from '#shared/digest';
import type { Campaign } from '#shared/domain/round';

const env = useLocalStack({ deliverEvents: false });
const ORIGIN = 'http://agency.test';
const SECRETARIAT = 'secretariat-token-0123456789abcdef';
let app: ReturnType<typeof createConsole>;
let round: Campaign;
let now = ROUND_NOW;

function post(path: string, who: AgencyClient, form: Record<string, string>, headers: Record<string, string> = { origin: ORIGIN }) {
  return app.request(`${ORIGIN}${path}`, {
    method: 'POST', body: new URLSearchParams(form).toString(),
    headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded', host: 'agency.test', ...headers },
  });
}

function fill(who: AgencyClient, values: Record<string, { s?: string; r?: string; d?: string }>, extra: Record<string, string> = {}) {
  const idx = taskIndexes(who.page);
  const form: Record<string, string> = { _csrf: who.csrf, n: String(idx.size), by: 'Nguyễn Văn A, Văn phòng', action: 'submit', ...extra };
  for (const [id, i] of idx) {
    form[`t_${i}`] = id;
    const v = values[id];
    if (v?.s) form[`s_${i}`] = v.s;
    if (v?.r) form[`r_${i}`] = v.r;
    if (v?.d) form[`d_${i}`] = v.d;
  }
  return form;
}

let secCookie: string | undefined;
/** the secretariat's session (the local login token works once) */
async function secretariat(): Promise<string> {
  if (!secCookie) {
    const res = await app.request(`${ORIGIN}/dang-nhap?token=${SECRETARIAT}`);
    secCookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  }
  return secCookie;
}

const linkDeps = () => ({ store: env.store, config: { ...env.config, agencyLinks: { ...env.config.agencyLinks, baseUrl: ORIGIN } }, now: () => now });

beforeAll(async () => {
  round = await seedRound(env.store);
  const auth = localAuth({ tokens: { [SECRETARIAT]: { name: 'Nguyễn Thư Ký', groups: ['secretariat'] } } });
  app = createConsole({ store: env.store, blobs: env.blobs, mailer: env.mailer, config: env.config, auth, now: () => now });
});

describe('agency round page', () => {
  it('the link opens the agency\'s own tasks with the status on record; three tasks submitted show in the console and the digest', async () => {
    const { url } = await issueLink(linkDeps(), { agencyId: 'bo-cong-an', roundId: round.id });
    const res = await app.request(`${ORIGIN}${new URL(url!).pathname}${new URL(url!).search}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dot-bao-cao');
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(res.headers.get('set-cookie')).toMatch(/SameSite=Lax/i);
    const ca = await openAgencyLink(app, ORIGIN, url!);
    const ids = [...taskIndexes(ca.page).keys()].sort();
    expect(ids).toEqual(['04/CT-TTg:A.1', '04/CT-TTg:B.2', '04/CT-TTg:B.6', '04/CT-TTg:B.8', '04/CT-TTg:B.9'].sort());
    expect(ca.page).not.toContain('04/CT-TTg:B.3'); // bo-y-te's
    expect(ca.page).toContain('r1-cong-an.docx'); // the status on record names its report
    expect(ca.page).toContain('Quá hạn');
    expect(ca.page).toContain('Đang triển khai'); // the labels' own words

    const form = fill(ca, {
      '04/CT-TTg:A.1': { s: 'completed', r: 'Đã kết nối xong với CSDL quốc gia về dân cư' },
      '04/CT-TTg:B.2': { s: 'in_progress', r: 'Đã triển khai 70%', d: 'Thiếu kinh phí' },
      '04/CT-TTg:B.8': { s: 'not_completed' },
    });
    const sent = await post('/dot-bao-cao', ca, form);
    expect(sent.status).toBe(303);
    const reports = (await env.store.listReports({ agencyId: 'bo-cong-an' })).filter((r) => r.origin?.kind === 'web');
    expect(reports).toHaveLength(1);
    expect(reports[0]!.origin?.by).toBe('Nguyễn Văn A, Văn phòng');
    expect(reports[0]!.state).toBe('processed');
    expect(reports[0]!.counts).toMatchObject({ rows: 3, auto: 3, review: 0 });

    // the same content again: nothing new
    expect((await post('/dot-bao-cao', ca, form)).status).toBe(303);
    expect((await env.store.listReports({ agencyId: 'bo-cong-an' })).filter((r) => r.origin?.kind === 'web')).toHaveLength(1);

    // the console's task page
    const cookie = await secretariat();
    const taskPage = await (await app.request(`${ORIGIN}/nhiem-vu/${encodeURIComponent('04/CT-TTg:A.1')}`, { headers: { cookie } })).text();
    expect(taskPage).toContain('Đã kết nối xong với CSDL quốc gia về dân cư');
    expect(taskPage).toContain(reports[0]!.fileName);
    // the console's report page: who answered, no file to download, each row with its task's wording
    const reportPage = await (await app.request(`${ORIGIN}/bao-cao/${reports[0]!.id}`, { headers: { cookie } })).text();
    expect(reportPage).toContain('Nguyễn Văn A, Văn phòng');
    expect(reportPage).toContain('nhập trên trang báo cáo của cơ quan');
    expect(reportPage).toContain('Nhiệm vụ A.1: kết nối');

    // the digest (as the preview builds it)
    const digest = await buildDigest({ store: env.store, asOf: '2024-06-20' });
    const line = (id: string) => digest.tasks.find((t) => t.taskId === id);
    expect(line('04/CT-TTg:A.1')?.category).toBe('completed');
    expect(line('04/CT-TTg:A.1')?.latest?.reportId).toBe(reports[0]!.id);
    expect(line('04/CT-TTg:B.2')?.latest?.status).toBe('in_progress');
    expect(line('04/CT-TTg:B.8')?.share.answering.find((a) => a.id === 'bo-cong-an')?.latest?.status).toBe('not_completed');

    // the page now shows what is on record from the web submission
    const again = await (await app.request(`${ORIGIN}/dot-bao-cao`, { headers: { cookie: ca.cookie } })).text();
    expect(again).toContain('cập nhật trên trang này');
  });

  it('another agency\'s link can neither read nor write the first one\'s tasks', async () => {
    const { url } = await issueLink(linkDeps(), { agencyId: 'bo-y-te', roundId: round.id });
    const yt = await openAgencyLink(app, ORIGIN, url!);
    expect(yt.page).not.toContain('04/CT-TTg:A.1');
    expect(yt.page).not.toContain('Đã kết nối xong');
    const before = (await env.store.statusHistory('04/CT-TTg:A.1')).length;
    const res = await post('/dot-bao-cao', yt, { _csrf: yt.csrf, n: '1', t_0: '04/CT-TTg:A.1', s_0: 'not_completed', by: 'Kẻ lạ', action: 'submit' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('không thuộc các nhiệm vụ của Quý cơ quan');
    expect((await env.store.statusHistory('04/CT-TTg:A.1')).length).toBe(before);
    // another agency's upload result is not reachable either
    const peek = await app.request(`${ORIGIN}/dot-bao-cao/tep?key=${encodeURIComponent('uploads/bo-cong-an/web/2024-06-20/abc/x.docx')}`, { headers: { cookie: yt.cookie } });
    expect(peek.status).toBe(404);
  });

  it('the error summary lists each field to fix, linked to it; the values are kept', async () => {
    const { url } = await issueLink(linkDeps(), { agencyId: 'bo-tu-phap', roundId: round.id });
    const tp = await openAgencyLink(app, ORIGIN, url!);
    const idx = taskIndexes(tp.page);
    const first = [...idx.keys()][0]!;
    const form = fill(tp, { [first]: { r: 'Có kết quả nhưng chưa chọn tình trạng', s: '' } }, { by: '' });
    const res = await post('/dot-bao-cao', tp, form);
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('class="error-summary"');
    expect(text).toContain(`href="#f-${idx.get(first)}-status"`);
    expect(text).toContain('href="#f-by"');
    expect(text).toContain('Có kết quả nhưng chưa chọn tình trạng');
    expect(text).toMatch(/id="f-by"[^>]*aria-invalid="true"/);
    // a status outside the list
    const bad = await post('/dot-bao-cao', tp, fill(tp, { [first]: { s: 'xong' } }));
    expect(bad.status).toBe(400);
    // a draft keeps the values without submitting
    const draft = await post('/dot-bao-cao', tp, fill(tp, { [first]: { s: 'in_progress', r: 'Nháp: đang làm' } }, { action: 'draft' }));
    expect(draft.status).toBe(303);
    const page = await (await app.request(`${ORIGIN}/dot-bao-cao`, { headers: { cookie: tp.cookie } })).text();
    expect(page).toContain('Nháp: đang làm');
    expect((await env.store.listReports({ agencyId: 'bo-tu-phap' })).some((r) => r.origin?.kind === 'web')).toBe(false);
  });

  it('CSRF and origin are checked on the agency\'s forms', async () => {
    const { url } = await issueLink(linkDeps(), { agencyId: 'bo-y-te', roundId: round.id });
    const yt = await openAgencyLink(app, ORIGIN, url!);
    const form = fill(yt, { '04/CT-TTg:B.5': { s: 'in_progress' } });
    expect((await post('/dot-bao-cao', yt, { ...form, _csrf: 'forged' })).status).toBe(403);
    expect((await post('/dot-bao-cao', yt, form, { origin: 'http://evil.test' })).status).toBe(403);
    expect((await post('/dot-bao-cao', yt, form, {})).status).toBe(403);
    expect((await env.store.listReports({ agencyId: 'bo-y-te' })).some((r) => r.origin?.kind === 'web')).toBe(false);
  });

  it('tampered, expired and revoked links get their page and nothing else', async () => {
    const issued = await issueLink(linkDeps(), { agencyId: 'bo-cong-an', roundId: round.id });
    const u = new URL(issued.url!);
    const token = u.searchParams.get('t')!;
    const flip = token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.at(-1);
    const tampered = await app.request(`${ORIGIN}/dot-bao-cao/mo?t=${flip}`);
    expect(tampered.status).toBe(403);
    const tText = await tampered.text();
    expect(tText).toContain('Đường dẫn không hợp lệ');
    expect(tText).not.toContain('04/CT-TTg');
    // a payload naming another agency under the old signature
    const [payload, sig] = token.split('.');
    const other = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), a: 'bo-y-te' })).toString('base64url');
    expect((await app.request(`${ORIGIN}/dot-bao-cao/mo?t=${other}.${sig}`)).status).toBe(403);
    // a forged cookie
    expect((await app.request(`${ORIGIN}/dot-bao-cao`, { headers: { cookie: `intake_agency=${flip}` } })).status).toBe(403);
    // no cookie at all
    expect((await app.request(`${ORIGIN}/dot-bao-cao`)).status).toBe(401);

    // revoked: the open page stops at once
    const ca = await openAgencyLink(app, ORIGIN, issued.url!);
    expect(await revokeLink(linkDeps(), { agencyId: 'bo-cong-an', roundId: round.id })).toBe(true);
    const revoked = await app.request(`${ORIGIN}/dot-bao-cao`, { headers: { cookie: ca.cookie } });
    expect(revoked.status).toBe(403);
    const rText = await revoked.text();
    expect(rText).toContain('thu hồi');
    expect(rText).not.toContain('04/CT-TTg');
    expect((await post('/dot-bao-cao', ca, fill(ca, {}))).status).toBe(403);
    // re-issued: the new link works, the old one does not
    const fresh = await issueLink(linkDeps(), { agencyId: 'bo-cong-an', roundId: round.id });
    expect(fresh.link.version).toBeGreaterThan(issued.link.version);
    expect((await app.request(`${ORIGIN}/dot-bao-cao/mo?t=${token}`)).status).toBe(403);
    const ok = await openAgencyLink(app, ORIGIN, fresh.url!);
    expect(ok.page).toContain('04/CT-TTg:A.1');

    // expired: past the deadline plus the grace period
    now = new Date('2024-07-08T00:00:00Z');
    try {
      const expired = await app.request(`${ORIGIN}/dot-bao-cao`, { headers: { cookie: ok.cookie } });
      expect(expired.status).toBe(410);
      const eText = await expired.text();
      expect(eText).toContain('hết hạn');
      expect(eText).not.toContain('04/CT-TTg');
    } finally {
      now = ROUND_NOW;
    }
    // the last day of the grace period still works
    now = new Date('2024-07-07T16:00:00Z'); // 23:00 in Việt Nam
    try {
      expect((await app.request(`${ORIGIN}/dot-bao-cao`, { headers: { cookie: ok.cookie } })).status).toBe(200);
    } finally {
      now = ROUND_NOW;
    }
  });

  it('submissions are rate-limited per link; the token is never logged', async () => {
    const limited = createConsole({ store: env.store, blobs: env.blobs, mailer: env.mailer, config: env.config, auth: localAuth(), now: () => now });
    const prev = app;
    app = limited;
    const logs: string[] = [];
    const spies = (['log', 'info', 'warn', 'error'] as const).map((m) => vi.spyOn(console, m).mockImplementation((...a: unknown[]) => { logs.push(a.map(String).join(' ')); }));
    try {
      const { url, token } = await issueLink(linkDeps(), { agencyId: 'bo-y-te', roundId: round.id });
      const yt = await openAgencyLink(app, ORIGIN, url!);
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++) statuses.push((await post('/dot-bao-cao', yt, fill(yt, { '04/CT-TTg:B.5': { s: 'in_progress', r: `lần ${i}` } }, { action: 'draft' }))).status);
      expect(statuses.slice(0, 20).every((s) => s === 303)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
      // an error on a route logs the route, never the token
      await app.request(`${ORIGIN}/dot-bao-cao/mo?t=${token}`);
      expect(logs.join('\n')).not.toContain(token);
    } finally {
      spies.forEach((s) => s.mockRestore());
      app = prev;
    }
  });

  it('the console\'s agency page issues and revokes an agency\'s link (secretariat, CSRF)', async () => {
    const cookie = await secretariat();
    const pageText = await (await app.request(`${ORIGIN}/co-quan/bo-y-te`, { headers: { cookie } })).text();
    expect(pageText).toContain('Trang báo cáo theo đợt');
    expect(pageText).toContain(round.period);
    const csrf = /name="csrf-token" content="([^"]+)"/.exec(pageText)![1]!;
    const form = (action: string, extra: Record<string, string> = {}) => app.request(`${ORIGIN}/co-quan/bo-y-te/duong-dan`, {
      method: 'POST', body: new URLSearchParams({ _csrf: csrf, round: round.id, action, ...extra }).toString(),
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', host: 'agency.test', origin: ORIGIN },
    });
    expect((await form('issue', { _csrf: 'forged' })).status).toBe(403);
    const issued = await form('issue');
    expect(issued.status).toBe(200);
    const url = /value="(http:\/\/agency\.test\/dot-bao-cao\/mo\?t=[^"]+)"/.exec(await issued.text())?.[1];
    expect(url).toBeTruthy();
    const yt = await openAgencyLink(app, ORIGIN, url!.replace(/&amp;/g, '&'));
    expect(yt.page).toContain('04/CT-TTg:B.5');
    expect((await form('revoke')).status).toBe(200);
    expect((await app.request(`${ORIGIN}/dot-bao-cao`, { headers: { cookie: yt.cookie } })).status).toBe(403);
    expect(await (await app.request(`${ORIGIN}/co-quan/bo-y-te`, { headers: { cookie } })).text()).toContain('đã thu hồi');
  });
});
