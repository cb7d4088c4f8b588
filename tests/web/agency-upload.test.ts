/**
 * A file uploaded on the agency's page goes through the ingest path (the embedded queue runs the real handler):
 * limits before anything is stored, the report under the agency's own uploads/ folder, and the page shows the
 * receipt's data when it is ready (rows read, matched, to review, problems); a file over the limit is refused
 * before it is stored; an empty pick is an error on the form.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createConsole } from '#web/app';
import { localAuth } from '#web/auth';
import { useLocalStack } from '#testkit/local-stack';
import { ROUND_NOW, openAgencyLink, seedRound } from '#testkit/agency-round';
import { issueLink } from '#shared/rounds/link';
import { buildTemplate, directoryLookup, parsePeriod } from '#shared/templates';
import { composeReceipt } from '#shared/receipts';
import type { Campaign } from '#shared/domain/round';

const env = useLocalStack();
const ORIGIN = 'http://agency.test';
let app: ReturnType<typeof createConsole>;
let round: Campaign;

function upload(who: { cookie: string; csrf: string }, name: string, bytes: Uint8Array) {
  const form = new FormData();
  form.set('_csrf', who.csrf);
  form.set('file', new File([bytes], name, { type: 'application/octet-stream' }));
  return app.request(`${ORIGIN}/dot-bao-cao/tai-len`, { method: 'POST', body: form, headers: { cookie: who.cookie, host: 'agency.test', origin: ORIGIN } });
}

beforeAll(async () => {
  round = await seedRound(env.store);
  app = createConsole({ store: env.store, blobs: env.blobs, mailer: env.mailer, config: { ...env.config, limits: { ...env.config.limits, maxBytes: 2 * 1024 * 1024 } }, auth: localAuth(), now: () => ROUND_NOW });
});

describe('upload on the agency page', () => {
  it('goes through the ingest path; the page shows the receipt\'s numbers when ready', async () => {
    const { url } = await issueLink({ store: env.store, config: { ...env.config, agencyLinks: { ...env.config.agencyLinks, baseUrl: ORIGIN } }, now: () => ROUND_NOW }, { agencyId: 'bo-cong-an', roundId: round.id });
    const ca = await openAgencyLink(app, ORIGIN, url!);
    const dir = await directoryLookup();
    const built = await buildTemplate({ agencyId: 'bo-cong-an', agencyName: 'Bộ Công an', period: parsePeriod(round.period), deadline: round.deadline, tasks: await env.store.listTasks(), dir, formats: ['xlsx'] });
    const xlsx = built.files[0]!;
    const res = await upload(ca, xlsx.name, xlsx.bytes);
    expect(res.status).toBe(303);
    const where = res.headers.get('location')!;
    expect(where).toMatch(/^\/dot-bao-cao\/tep\?key=uploads%2Fbo-cong-an%2Fweb%2F/);
    const key = decodeURIComponent(where.split('key=')[1]!);
    await env.stack.idle();
    const report = (await env.store.listReports({ agencyId: 'bo-cong-an' })).find((r) => r.key === key);
    expect(report?.state).toBe('processed');
    const receipt = await composeReceipt(env.store, report!);
    // htmx's poll: the fragment with the receipt's table
    const frag = await (await app.request(`${ORIGIN}${where}`, { headers: { cookie: ca.cookie, 'hx-request': 'true' } })).text();
    expect(frag).not.toContain('<!doctype html>');
    expect(frag).not.toContain('hx-trigger'); // done: the polling stops
    const t = receipt.tables[0]!;
    expect(t.read).toBeGreaterThan(0);
    expect(frag).toContain(`<td>${t.read}</td><td>${t.matched}</td><td>${t.review}</td><td>${t.new}</td>`);
    for (const p of receipt.problems) expect(frag).toContain(p.what.replace(/"/g, '&quot;'));
    // and the page lists it
    const page = await (await app.request(`${ORIGIN}/dot-bao-cao`, { headers: { cookie: ca.cookie } })).text();
    expect(page).toContain(report!.id.slice(0, 12));
  });

  it('while the file is being read the fragment keeps polling', async () => {
    const { url } = await issueLink({ store: env.store, config: { ...env.config, agencyLinks: { ...env.config.agencyLinks, baseUrl: ORIGIN } }, now: () => ROUND_NOW }, { agencyId: 'bo-y-te', roundId: round.id });
    const yt = await openAgencyLink(app, ORIGIN, url!);
    const frag = await (await app.request(`${ORIGIN}/dot-bao-cao/tep?key=${encodeURIComponent('uploads/bo-y-te/web/2024-06-20/abcdef0123/chua-co.docx')}`, { headers: { cookie: yt.cookie, 'hx-request': 'true' } })).text();
    expect(frag).toContain('hx-trigger="every 2s"');
  });

  it('a file over the limit is refused before it is stored; no file is an error on the form', async () => {
    const { url } = await issueLink({ store: env.store, config: { ...env.config, agencyLinks: { ...env.config.agencyLinks, baseUrl: ORIGIN } }, now: () => ROUND_NOW }, { agencyId: 'bo-tu-phap', roundId: round.id });
    const tp = await openAgencyLink(app, ORIGIN, url!);
    const before = (await env.blobs.list('uploads/bo-tu-phap/')).length;
    const big = await upload(tp, 'lon.docx', new Uint8Array(3 * 1024 * 1024));
    expect(big.status).toBe(413);
    expect(await big.text()).toContain('Tệp quá lớn');
    expect((await env.blobs.list('uploads/bo-tu-phap/')).length).toBe(before);
    const empty = await upload(tp, 'rong.docx', new Uint8Array());
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('href="#f-file"');
    // CSRF holds on uploads too
    const forged = await upload({ ...tp, csrf: 'forged' }, 'x.docx', new Uint8Array([1, 2, 3]));
    expect(forged.status).toBe(403);
    expect((await env.blobs.list('uploads/bo-tu-phap/')).length).toBe(before);
  });
});
