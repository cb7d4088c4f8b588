/**
 * A small rate limit for the web application: at most `limit` requests per key in a fixed window of `windowMs`.
 * The key comes from the request (an agency link's token id, a console session, the client IP…); a request with no
 * key is let through (the caller decides what has a key — e.g. only POSTs with a session).
 *
 * Where the counts live: in this process's memory. Locally (`intake serve`, `npm start`) that is the one server, so
 * the limit is exact. On Lambda every warm instance counts on its own, so the limit is per instance (N instances →
 * up to N × limit per window) and is reset when an instance is recycled; the outer limit is API Gateway's throttling
 * (stage/route rate and burst, set in infra/), which this does not replace. Good enough for its job — stopping one
 * link or session from hammering the submit button or a script from posting in a loop — without a store round trip.
 *
 * A refusal is 429 with Retry-After (seconds) and a Vietnamese page; counts are never logged (keys may be secrets).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bare } from './html';

export interface RateLimitOptions {
  /** requests allowed per key per window. */
  limit: number;
  /** the window's length in milliseconds. */
  windowMs: number;
  /** the key of a request; undefined → not counted. Keep secrets out: pass a hash or an id, not a raw token. */
  key: (c: Context) => string | undefined | Promise<string | undefined>;
  /** the clock (tests pin it). */
  now?: () => number;
  /** a shared counter (several routes, one budget); default: one per middleware. */
  counter?: RateCounter;
  /** what a refused request is told (Vietnamese); default: a generic page. */
  message?: string;
}

export interface RateDecision {
  allowed: boolean;
  /** requests left in this window after this one. */
  remaining: number;
  /** ms until the window ends. */
  resetInMs: number;
}

/** Fixed-window counts per key, in memory, pruned as windows pass (bounded by `maxKeys`). */
export class RateCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly maxKeys = 10_000) {}

  hit(key: string, limit: number, windowMs: number, now: number): RateDecision {
    let w = this.windows.get(key);
    if (!w || now - w.start >= windowMs) {
      if (!w && this.windows.size >= this.maxKeys) this.prune(windowMs, now);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    const resetInMs = Math.max(0, w.start + windowMs - now);
    return { allowed: w.count <= limit, remaining: Math.max(0, limit - w.count), resetInMs };
  }

  /** how many keys are held (tests). */
  get size(): number {
    return this.windows.size;
  }

  private prune(windowMs: number, now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= windowMs) this.windows.delete(k);
    // still full (a flood of distinct keys): drop the oldest windows first — Map keeps insertion order
    for (const k of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(k);
    }
  }
}

export const RATE_LIMITED_VI = 'Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Hãy chờ một lát rồi thử lại.';

export function rateLimit(opts: RateLimitOptions): MiddlewareHandler {
  if (!(opts.limit >= 1) || !(opts.windowMs >= 1)) throw new Error('rateLimit: limit and windowMs must be ≥ 1');
  const counter = opts.counter ?? new RateCounter();
  const now = opts.now ?? Date.now;
  return async (c, next) => {
    const key = await opts.key(c);
    if (key === undefined) return next();
    const d = counter.hit(key, opts.limit, opts.windowMs, now());
    if (!d.allowed) {
      const seconds = Math.max(1, Math.ceil(d.resetInMs / 1000));
      c.header('Retry-After', String(seconds));
      return c.html(bare('Quá nhiều yêu cầu', `${opts.message ?? RATE_LIMITED_VI} (thử lại sau khoảng ${seconds} giây)`), 429);
    }
    c.header('RateLimit-Remaining', String(d.remaining));
    return next();
  };
}

/** The client's address as API Gateway / a proxy reports it (first X-Forwarded-For hop), else the socket's. */
export function clientIp(c: Context): string | undefined {
  const fwd = c.req.header('x-forwarded-for');
  if (fwd) return fwd.split(',')[0]!.trim() || undefined;
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}
