/**
 * A reporting round for the agency page's tests (#16): the console's world (digest fixture tasks, reports, statuses)
 * plus a round (campaign) with a deadline, and helpers to open an agency's link and post its forms in-process.
 */
import type { Campaign } from '#shared/domain/round';
import type { Store } from '#shared/store/records';
import { campaignFor } from '#shared/templates/campaign';
import { seedConsole } from './console-world';

export const ROUND_NOW = new Date('2024-06-20T03:00:00Z');

export async function seedRound(store: Store, input: { deadline?: string; period?: string } = {}): Promise<Campaign> {
  await seedConsole(store);
  const round = campaignFor({ period: input.period ?? '6 tháng đầu năm 2024', deadline: input.deadline ?? '2024-06-30', remindDaysBefore: 3, now: new Date('2024-06-15T02:00:00Z') });
  await store.putCampaign(round);
  return round;
}

export interface AgencyClient {
  cookie: string;
  csrf: string;
  page: string;
}

type Fetcher = { request(input: string, init?: RequestInit): Response | Promise<Response> };

/** Opens a link (GET …/mo?t=) and the page it leads to, as a browser would: the cookie, the CSRF token, the page. */
export async function openAgencyLink(app: Fetcher, origin: string, url: string): Promise<AgencyClient> {
  const path = new URL(url).pathname + new URL(url).search;
  const res = await app.request(`${origin}${path}`);
  if (res.status !== 303) throw new Error(`link refused: ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const page = await (await app.request(`${origin}${res.headers.get('location')}`, { headers: { cookie } })).text();
  const csrf = /name="csrf-token" content="([^"]+)"/.exec(page)?.[1] ?? '';
  return { cookie, csrf, page };
}

/** The form fields of the page as it was rendered: task ids by index. */
export function taskIndexes(page: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of page.matchAll(/name="t_(\d+)" value="([^"]+)"/g)) out.set(m[2]!, Number(m[1]));
  return out;
}
