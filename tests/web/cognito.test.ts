/**
 * The AWS sign-in (web/cognito.ts) in-process: the managed login with PKCE, the callback's state check, the ID
 * token verified (signature, audience, expiry) on every request, groups from `cognito:groups`. The pool's keys and
 * token endpoint are stand-ins (a key pair made here); the verification is aws-jwt-verify's own.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createConsole } from '#web/app';
import { cognitoAuth } from '#web/cognito';
import { useLocalStack } from '#testkit/local-stack';

const env = useLocalStack({ deliverEvents: false });
const POOL = 'ap-southeast-1_TestPool1';
const CLIENT = 'client-123';
const BASE = 'https://console.example.test';
const COGNITO = { COGNITO_USER_POOL_ID: POOL, COGNITO_CLIENT_ID: CLIENT, COGNITO_DOMAIN: 'https://login.example.test', CONSOLE_URL: BASE, CONSOLE_SECRET: 'x'.repeat(40) };
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...(publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: 'k1', alg: 'RS256', use: 'sig' };

function jwt(claims: Record<string, unknown>, key: KeyObject = privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${part({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${part({
    sub: 'u-1', iss: `https://cognito-idp.ap-southeast-1.amazonaws.com/${POOL}`, aud: CLIENT, token_use: 'id',
    iat: now, auth_time: now, exp: now + 3600, email: 'thu-ky@example.gov.vn', ...claims,
  })}`;
  return `${body}.${sign('sha256', Buffer.from(body), key).toString('base64url')}`;
}

let issued = '';
let app: ReturnType<typeof createConsole>;
beforeAll(() => {
  const fakeFetch = (async (_url: string, init: { body: string }) => {
    const form = new URLSearchParams(init.body);
    // the token endpoint checks the PKCE verifier against the challenge it was given
    const ok = form.get('code') === 'good-code' && createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url') === lastChallenge;
    return new Response(JSON.stringify(ok ? { id_token: issued, expires_in: 3600 } : { error: 'invalid_grant' }), { status: ok ? 200 : 400 });
  }) as unknown as typeof fetch;
  app = createConsole({ store: env.store, blobs: env.blobs, mailer: env.mailer, config: env.config, auth: cognitoAuth(COGNITO, { fetch: fakeFetch, jwks: { keys: [jwk] } }) });
});
let lastChallenge = '';

async function signIn(groups: string[] | undefined): Promise<string> {
  issued = jwt(groups ? { 'cognito:groups': groups } : {});
  const login = await app.request(`${BASE}/dang-nhap`);
  expect(login.status).toBe(302);
  const to = new URL(login.headers.get('location')!);
  expect(to.origin + to.pathname).toBe('https://login.example.test/oauth2/authorize');
  expect(to.searchParams.get('code_challenge_method')).toBe('S256');
  expect(to.searchParams.get('redirect_uri')).toBe(`${BASE}/auth/callback`);
  lastChallenge = to.searchParams.get('code_challenge')!;
  const pkce = login.headers.get('set-cookie')!;
  expect(pkce).toMatch(/HttpOnly/i);
  expect(pkce).toMatch(/Secure/i);
  const back = await app.request(`${BASE}/auth/callback?code=good-code&state=${to.searchParams.get('state')}`, { headers: { cookie: pkce.split(';')[0]! } });
  expect(back.status).toBe(303);
  const session = back.headers.getSetCookie().find((c) => c.startsWith('intake_session='))!;
  expect(session).toMatch(/HttpOnly/i);
  expect(session).toMatch(/Secure/i);
  expect(session).toMatch(/SameSite=Lax/i);
  return session.split(';')[0]!;
}

describe('Cognito sign-in', () => {
  it('the managed login with PKCE; the callback refuses a state that is not ours', async () => {
    expect((await app.request(`${BASE}/xem-xet`)).headers.get('location')).toBe('/dang-nhap?next=%2Fxem-xet');
    const login = await app.request(`${BASE}/dang-nhap`);
    const pkce = login.headers.get('set-cookie')!.split(';')[0]!;
    expect((await app.request(`${BASE}/auth/callback?code=good-code&state=someone-elses-state-000`, { headers: { cookie: pkce } })).status).toBe(400);
  });

  it('groups decide: secretariat decides, viewer reads only, no group gets nothing; a forged token is no session', async () => {
    const sec = await signIn(['secretariat']);
    const page = await app.request(`${BASE}/xem-xet`, { headers: { cookie: sec } });
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('thu-ky@example.gov.vn');
    const csrf = /name="csrf-token" content="([^"]+)"/.exec(text)![1]!;
    const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE, host: 'console.example.test' } };
    expect((await app.request(`${BASE}/phien-hop`, { ...form, headers: { ...form.headers, cookie: sec }, body: `_csrf=${csrf}&title=H%E1%BB%8Dp&date=20%2F06%2F2024` })).status).toBe(303);

    const viewer = await signIn(['viewer']);
    const vText = await (await app.request(`${BASE}/phien-hop`, { headers: { cookie: viewer } })).text();
    const vCsrf = /name="csrf-token" content="([^"]+)"/.exec(vText)![1]!;
    expect((await app.request(`${BASE}/phien-hop`, { ...form, headers: { ...form.headers, cookie: viewer }, body: `_csrf=${vCsrf}&title=X&date=20%2F07%2F2024` })).status).toBe(403);

    const nobody = await signIn(undefined);
    expect((await app.request(`${BASE}/`, { headers: { cookie: nobody } })).status).toBe(403);

    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = `intake_session=${jwt({ 'cognito:groups': ['secretariat'] }, other)}`;
    expect((await app.request(`${BASE}/xem-xet`, { headers: { cookie: forged } })).status).toBe(303); // back to the login
    const expired = `intake_session=${jwt({ 'cognito:groups': ['secretariat'], exp: Math.floor(Date.now() / 1000) - 60 })}`;
    expect((await app.request(`${BASE}/xem-xet`, { headers: { cookie: expired } })).status).toBe(303);
    expect((await env.store.listMeetings()).map((m) => m.title)).toEqual(['Họp']);
  });
});
