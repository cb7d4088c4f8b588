/**
 * The web rate limit: per key, a fixed window, 429 + Retry-After past the limit, the next window starts afresh,
 * keys do not share budgets, an unkeyed request is not counted, and the memory stays bounded under a flood of keys.
 */
import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { RateCounter, clientIp, rateLimit } from '#web/rate-limit';

function appWith(now: { t: number }, limit = 3, windowMs = 60_000) {
  const app = new Hono();
  app.use('/send', rateLimit({ limit, windowMs, now: () => now.t, key: (c) => c.req.header('x-key') }));
  app.post('/send', (c) => c.text('ok'));
  app.get('/ip', (c) => c.text(clientIp(c) ?? '-'));
  return app;
}

const send = (app: Hono, key?: string) => app.request('/send', { method: 'POST', headers: key ? { 'x-key': key } : {} });

describe('rateLimit', () => {
  it('lets `limit` requests through per window, then 429 with Retry-After and a Vietnamese page', async () => {
    const now = { t: 1_000_000 };
    const app = appWith(now);
    for (let i = 0; i < 3; i++) expect((await send(app, 'a')).status).toBe(200);
    now.t += 20_000;
    const refused = await send(app, 'a');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('40');
    expect(await refused.text()).toContain('quá nhiều yêu cầu');
    // another key has its own budget
    expect((await send(app, 'b')).status).toBe(200);
    // the window passes: a fresh budget
    now.t += 40_000;
    expect((await send(app, 'a')).status).toBe(200);
  });

  it('a request without a key is not counted', async () => {
    const now = { t: 0 };
    const app = appWith(now, 1);
    for (let i = 0; i < 5; i++) expect((await send(app)).status).toBe(200);
    expect((await send(app, 'k')).status).toBe(200);
    expect((await send(app, 'k')).status).toBe(429);
  });

  it('refuses a nonsense configuration', () => {
    expect(() => rateLimit({ limit: 0, windowMs: 1000, key: () => 'x' })).toThrow();
  });

  it('stays bounded under a flood of distinct keys, keeping the newest', () => {
    const counter = new RateCounter(100);
    for (let i = 0; i < 1000; i++) counter.hit(`k${i}`, 1, 60_000, 0);
    expect(counter.size).toBeLessThanOrEqual(100);
    // the newest key is still counted: its second hit is refused
    expect(counter.hit('k999', 1, 60_000, 1).allowed).toBe(false);
  });

  it('a shared counter makes one budget across routes', async () => {
    const counter = new RateCounter();
    const app = new Hono();
    const mw = () => rateLimit({ limit: 2, windowMs: 1000, counter, key: () => 'same', now: () => 0 });
    app.post('/a', mw(), (c) => c.text('a'));
    app.post('/b', mw(), (c) => c.text('b'));
    expect((await app.request('/a', { method: 'POST' })).status).toBe(200);
    expect((await app.request('/b', { method: 'POST' })).status).toBe(200);
    expect((await app.request('/a', { method: 'POST' })).status).toBe(429);
  });

  it('clientIp takes the first X-Forwarded-For hop', async () => {
    const app = appWith({ t: 0 });
    expect(await (await app.request('/ip', { headers: { 'x-forwarded-for': '203.0.113.7, 10.0.0.1' } })).text()).toBe('203.0.113.7');
  });
});
