/**
 * With upload links (AWS: a Lambda body is capped near 6 MB) the agency page's upload form posts straight to S3:
 * a presigned POST whose key is pinned to this agency's own uploads/<agency>/web/<day>/<id>/ folder, bounded by the
 * ingest's size limit, sending the browser back to /tep (which polls the result by key); the page's CSP lets that
 * form post to the bucket's origin. Without upload links the form posts to the console (the other agency tests).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createConsole } from '#web/app';
import { localAuth } from '#web/auth';
import { useLocalStack } from '#testkit/local-stack';
import { ROUND_NOW, openAgencyLink, seedRound } from '#testkit/agency-round';
import { issueLink } from '#shared/rounds/link';
import type { Campaign } from '#shared/domain/round';

const env = useLocalStack();
const ORIGIN = 'http://agency.test';
const MAX = 2 * 1024 * 1024;
let direct: ReturnType<typeof createConsole>;
let plain: ReturnType<typeof createConsole>;
let round: Campaign;

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function uploadForm(page: string) {
  const form = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"[^>]*>([\s\S]*?)<\/form>/.exec(page);
  if (!form) throw new Error('no upload form');
  const fields = Object.fromEntries([...form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, unescape(m[2]!)]));
  return { action: unescape(form[1]!), fields };
}

async function open(app: ReturnType<typeof createConsole>, agencyId: string) {
  const { url } = await issueLink({ store: env.store, config: { ...env.config, agencyLinks: { ...env.config.agencyLinks, baseUrl: ORIGIN } }, now: () => ROUND_NOW }, { agencyId, roundId: round.id });
  const who = await openAgencyLink(app, ORIGIN, url!);
  const res = await app.request(`${ORIGIN}/dot-bao-cao`, { headers: { cookie: who.cookie } });
  return { who, res, page: await res.text() };
}

beforeAll(async () => {
  round = await seedRound(env.store);
  const deps = { store: env.store, blobs: env.blobs, mailer: env.mailer, config: { ...env.config, limits: { ...env.config.limits, maxBytes: MAX } }, auth: localAuth(), now: () => ROUND_NOW };
  direct = createConsole({ ...deps, uploadLinks: env.links });
  plain = createConsole(deps);
});

describe('direct upload to S3 on the agency page', () => {
  it('renders a presigned POST pinned to this agency\'s web folder, bounded by the ingest limit, back to /tep', async () => {
    const { res, page } = await open(direct, 'bo-cong-an');
    const { action, fields } = uploadForm(page);
    const s3 = new URL(env.config.endpoints.s3!);
    expect(new URL(action).origin).toBe(s3.origin);
    expect(fields._csrf).toBeUndefined();
    expect(fields.key).toMatch(/^uploads\/bo-cong-an\/web\/2024-06-20\/[0-9a-f]{10}\/\$\{filename\}$/);
    const folder = fields.key!.replace('${filename}', '');
    const policy = JSON.parse(Buffer.from(fields.Policy!, 'base64').toString('utf8')) as { conditions: unknown[] };
    expect(policy.conditions).toEqual(expect.arrayContaining([
      ['starts-with', '$key', folder],
      ['content-length-range', 1, MAX],
      { 'x-amz-meta-agency': 'bo-cong-an' },
      { success_action_redirect: `${ORIGIN}/dot-bao-cao/tep` },
    ]));
    expect(fields.success_action_redirect).toBe(`${ORIGIN}/dot-bao-cao/tep`);
    // nothing the policy allows reaches another agency's folder
    expect(JSON.stringify(policy)).not.toMatch(/uploads\/(?!bo-cong-an\/web\/)/);
    // the CSP lets this form post to the bucket's origin only
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`form-action 'self' ${new URL(action).origin}`);
  });

  it('another agency gets its own folder; the port refuses a folder outside the agency\'s own', async () => {
    const { page } = await open(direct, 'bo-y-te');
    expect(uploadForm(page).fields.key).toMatch(/^uploads\/bo-y-te\/web\//);
    await expect(env.links.create({ agencyId: 'bo-y-te', keyPrefix: 'uploads/bo-cong-an/web/2024-06-20/abc/' })).rejects.toThrow();
    await expect(env.links.create({ agencyId: 'bo-y-te', keyPrefix: 'uploads/bo-y-te/../bo-cong-an/' })).rejects.toThrow();
  });

  it('the file posted to S3 lands under the pinned key; the redirect\'s /tep shows it being read', async () => {
    const { who, page } = await open(direct, 'bo-tu-phap');
    const { action, fields } = uploadForm(page);
    const form = new FormData();
    // s3rver does not fill in ${filename}: the key is the pinned folder + the name, as S3 would make it
    const key = fields.key!.replace('${filename}', 'bao-cao.docx');
    for (const [k, v] of Object.entries(fields)) form.append(k, k === 'key' ? key : v);
    form.append('file', new Blob([new Uint8Array(Buffer.from('PK\u0003\u0004'))], { type: 'application/octet-stream' }), 'bao-cao.docx');
    const res = await fetch(action, { method: 'POST', body: form, redirect: 'manual' });
    expect(res.status).toBe(303);
    expect((await env.blobs.head(key))?.metadata.agency).toBe('bo-tu-phap');
    // where S3 sends the browser: /tep?bucket=…&key=…&etag=… — the agency's page, polling that key
    const back = new URL(res.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(`${ORIGIN}/dot-bao-cao/tep`);
    expect(back.searchParams.get('key')).toBe(key);
    const landed = await direct.request(back.href, { headers: { cookie: who.cookie } });
    expect(landed.status).toBe(200);
    const html = await landed.text();
    expect(html).toContain('Đã nhận tệp');
    expect(html).toContain(`/dot-bao-cao/tep?key=${encodeURIComponent(key)}`);
  });

  it('without upload links the form posts to the console and the CSP allows only itself', async () => {
    const { res, page } = await open(plain, 'bo-cong-an');
    expect(uploadForm(page).action).toBe('/dot-bao-cao/tai-len');
    expect(res.headers.get('content-security-policy')).toContain("form-action 'self';");
  });
});
