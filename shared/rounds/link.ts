/**
 * An agency's link for a round (#16): `<WEB_BASE_URL>/dot-bao-cao/mo?t=<token>`, no account needed.
 *
 * The token is `<payload>.<signature>`: the payload (base64url JSON) names the agency, the round, the link's version
 * and its expiry (the round's deadline plus the grace period, end of that day in Việt Nam); the signature is
 * HMAC-SHA256 under AGENCY_LINK_SECRET. Checked on every request: signature (else "tampered"), expiry (else
 * "expired"), then the store's record for that agency and round — same version and not revoked (else "revoked").
 * Re-issuing bumps the version (older tokens stop); revoking marks the record. The same record gives the same
 * token again, so reminders can carry the link the templates mail carried. Tokens are never logged: what is
 * logged or used as a key is `tokenId` (a hash).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Config } from '#shared/config';
import { addDays, vnEndOfDay } from '#shared/domain/dates';
import type { Campaign } from '#shared/domain/round';
import type { RoundLink } from '#shared/domain/agency-round';
import type { Store } from '#shared/store/records';

export type LinkRefusal = 'tampered' | 'expired' | 'revoked';

/** Why a link does not open, in Vietnamese (the page says this and nothing else). */
export const LINK_REFUSAL_VI: Record<LinkRefusal, { title: string; message: string }> = {
  tampered: {
    title: 'Đường dẫn không hợp lệ',
    message: 'Đường dẫn này không đúng hoặc đã bị sửa. Hãy mở đúng đường dẫn trong thư của Thư ký Tổ công tác Đề án 06 (sao chép đủ cả dòng).',
  },
  expired: {
    title: 'Đường dẫn đã hết hạn',
    message: 'Đường dẫn báo cáo của đợt này đã hết hạn. Quý cơ quan vẫn có thể gửi báo cáo bằng thư điện tử; nếu cần đường dẫn mới, xin liên hệ Thư ký Tổ công tác Đề án 06.',
  },
  revoked: {
    title: 'Đường dẫn đã bị thu hồi',
    message: 'Đường dẫn này đã bị Thư ký Tổ công tác thu hồi hoặc đã được thay bằng đường dẫn mới. Hãy dùng đường dẫn trong thư gần nhất, hoặc liên hệ Thư ký Tổ công tác Đề án 06.',
  },
};

export class RoundLinkError extends Error {
  override readonly name = 'RoundLinkError';
  constructor(readonly code: 'no_secret' | 'no_round' | 'bad_agency', readonly messageVi: string) {
    super(code);
  }
}

const Payload = z.object({ a: z.string().min(1).max(100), r: z.string().min(1).max(500), v: z.number().int().positive(), e: z.number().int().positive() });
type Payload = z.infer<typeof Payload>;

export interface LinkSigner {
  sign(p: Payload): string;
  /** the payload when the signature is right, else undefined. */
  open(token: string): Payload | undefined;
  /** the key of the pages' CSRF tokens (derived from the same secret). */
  csrfKey: Buffer;
}

export function linkSigner(secret: string | undefined): LinkSigner {
  if (!secret || secret.length < 32) {
    throw new RoundLinkError('no_secret', 'Chưa cấu hình khoá ký đường dẫn của cơ quan (AGENCY_LINK_SECRET, ít nhất 32 ký tự).');
  }
  const mac = (payload: string) => createHmac('sha256', secret).update(`agency-link:${payload}`).digest('base64url');
  return {
    sign: (p) => {
      const payload = Buffer.from(JSON.stringify({ a: p.a, r: p.r, v: p.v, e: p.e })).toString('base64url');
      return `${payload}.${mac(payload)}`;
    },
    open: (token) => {
      if (token.length > 2000) return undefined;
      const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!m) return undefined;
      const want = Buffer.from(mac(m[1]!));
      const got = Buffer.from(m[2]!);
      if (want.length !== got.length || !timingSafeEqual(want, got)) return undefined;
      try {
        const p = Payload.safeParse(JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')));
        return p.success ? p.data : undefined;
      } catch {
        return undefined;
      }
    },
    csrfKey: createHmac('sha256', secret).update('agency-csrf').digest(),
  };
}

/** A hash standing for the token (rate-limit key, CSRF session id, logs): never the token itself. */
export function tokenId(token: string): string {
  return createHash('sha256').update(token).digest('base64url').slice(0, 22);
}

/** When a round's links stop working: the deadline plus the grace days, end of that day in Việt Nam. */
export function linkExpiry(deadline: string, graceDays: number): string {
  return vnEndOfDay(addDays(deadline, graceDays));
}

export interface LinkDeps {
  store: Pick<Store, 'getRoundLink' | 'putRoundLink' | 'listCampaigns'>;
  config: Pick<Config, 'agencyLinks'>;
  now?: () => Date;
}

export async function findRound(store: Pick<Store, 'listCampaigns'>, roundId: string): Promise<Campaign | undefined> {
  return (await store.listCampaigns()).find((c) => c.id === roundId);
}

const tokenOf = (signer: LinkSigner, l: RoundLink) => signer.sign({ a: l.agencyId, r: l.roundId, v: l.version, e: Math.floor(Date.parse(l.expiresAt) / 1000) });

export function linkUrl(config: Pick<Config, 'agencyLinks'>, token: string, baseUrl = config.agencyLinks.baseUrl): string | undefined {
  return baseUrl ? `${baseUrl.replace(/\/+$/, '')}/dot-bao-cao/mo?t=${token}` : undefined;
}

export interface IssuedLink {
  link: RoundLink;
  token: string;
  /** undefined when no WEB_BASE_URL is configured (the page's address is not known here). */
  url?: string;
}

/** A new version of the agency's link for the round (the old one stops working); the round must exist. */
export async function issueLink(deps: LinkDeps, input: { agencyId: string; roundId: string; by?: string }): Promise<IssuedLink> {
  const signer = linkSigner(deps.config.agencyLinks.secret);
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(input.agencyId)) throw new RoundLinkError('bad_agency', `Mã cơ quan không hợp lệ: "${input.agencyId}"`);
  const round = await findRound(deps.store, input.roundId);
  if (!round) throw new RoundLinkError('no_round', `Không có đợt báo cáo "${input.roundId}" (các đợt do \`intake templates send\` tạo; xem \`intake round list\`).`);
  if (round.agencyIds?.length && !round.agencyIds.includes(input.agencyId)) {
    throw new RoundLinkError('bad_agency', `Đợt "${round.period}" chỉ gửi cho ${round.agencyIds.length} cơ quan, không có ${input.agencyId}.`);
  }
  const prev = await deps.store.getRoundLink(input.agencyId, input.roundId);
  const link: RoundLink = {
    agencyId: input.agencyId, roundId: input.roundId, version: (prev?.version ?? 0) + 1,
    issuedAt: (deps.now?.() ?? new Date()).toISOString(),
    expiresAt: linkExpiry(round.deadline, deps.config.agencyLinks.graceDays),
    ...(input.by ? { issuedBy: input.by } : {}),
  };
  await deps.store.putRoundLink(link);
  const token = tokenOf(signer, link);
  return { link, token, url: linkUrl(deps.config, token) };
}

/** The agency's current link (issued now when there is none); undefined when the secretariat revoked it. */
export async function currentLink(deps: LinkDeps, input: { agencyId: string; roundId: string }): Promise<IssuedLink | undefined> {
  const signer = linkSigner(deps.config.agencyLinks.secret);
  const cur = await deps.store.getRoundLink(input.agencyId, input.roundId);
  if (!cur) return issueLink(deps, input);
  if (cur.revokedAt) return undefined;
  const token = tokenOf(signer, cur);
  return { link: cur, token, url: linkUrl(deps.config, token) };
}

/** Stops the agency's link for the round (true when there was one to stop). */
export async function revokeLink(deps: LinkDeps, input: { agencyId: string; roundId: string; by?: string }): Promise<boolean> {
  const cur = await deps.store.getRoundLink(input.agencyId, input.roundId);
  if (!cur || cur.revokedAt) return false;
  await deps.store.putRoundLink({ ...cur, revokedAt: (deps.now?.() ?? new Date()).toISOString(), ...(input.by ? { revokedBy: input.by } : {}) });
  return true;
}

export interface OpenedLink {
  agencyId: string;
  round: Campaign;
  link: RoundLink;
  tokenId: string;
}

/** The check every request of the agency's page makes. */
export async function openLink(deps: LinkDeps, token: string): Promise<{ ok: true; opened: OpenedLink } | { ok: false; why: LinkRefusal }> {
  const signer = linkSigner(deps.config.agencyLinks.secret);
  const p = signer.open(token);
  if (!p) return { ok: false, why: 'tampered' };
  const now = (deps.now?.() ?? new Date()).getTime();
  if (p.e * 1000 <= now) return { ok: false, why: 'expired' };
  const link = await deps.store.getRoundLink(p.a, p.r);
  if (!link || link.version !== p.v || link.revokedAt) return { ok: false, why: 'revoked' };
  if (Date.parse(link.expiresAt) <= now) return { ok: false, why: 'expired' };
  const round = await findRound(deps.store, p.r);
  if (!round) return { ok: false, why: 'revoked' };
  return { ok: true, opened: { agencyId: p.a, round, link, tokenId: tokenId(token) } };
}
