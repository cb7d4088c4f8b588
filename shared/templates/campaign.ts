/**
 * Sending every agency its template (with the deadline and its upload link), and the reminders before the deadline.
 * Used by `intake templates send|remind`; takes the store, mailer and config of wherever it runs.
 */
import type { Config } from '#shared/config';
import { addDays, daysBetween } from '#shared/domain/dates';
import type { Report } from '#shared/domain/report';
import type { Task } from '#shared/domain/task';
import type { Mailer } from '#shared/mail/mailer';
import type { Store } from '#shared/store/records';
import type { Campaign } from '#shared/domain/round';
import type { UploadLinks } from '#shared/store/upload-links';
import { buildTemplate, directoryLookup } from './build';
import { reminderMail, templateMail } from './mail';
import { parsePeriod, type Period } from './period';
import { planReminders, reportedSince, type ReminderPlan } from './remind';
import { tasksForAgency } from './select';
import { currentLink } from '#shared/rounds/link';
import type { PageLink } from './mail';

export interface CampaignDeps {
  /** with the round-link methods (and `agencyLinks` in the config), each mail carries the agency's page link (#16). */
  store: Pick<Store, 'listContacts' | 'listReports'> & Partial<Pick<Store, 'getRoundLink' | 'putRoundLink' | 'listCampaigns' | 'putCampaign'>>;
  mailer: Mailer;
  config: Pick<Config, 'inboundAddress'> & Partial<Pick<Config, 'agencyLinks'>>;
  /** only sending templates needs it (each mail carries the agency's upload link). */
  links?: UploadLinks;
}

type Lookup = Awaited<ReturnType<typeof directoryLookup>>;

/**
 * The agency's page link for a round, when this deployment has one (a signing secret, the page's address, the
 * store's link records): its current link (issued on first use), none when the secretariat revoked it.
 */
async function pageLinkFor(deps: CampaignDeps, agencyId: string, roundId: string | undefined): Promise<PageLink | undefined> {
  const cfg = deps.config.agencyLinks;
  const { getRoundLink, putRoundLink, listCampaigns } = deps.store;
  if (!roundId || !cfg?.secret || !cfg.baseUrl || !getRoundLink || !putRoundLink || !listCampaigns) return undefined;
  const store = { getRoundLink: getRoundLink.bind(deps.store), putRoundLink: putRoundLink.bind(deps.store), listCampaigns: listCampaigns.bind(deps.store) };
  const got = await currentLink({ store, config: { agencyLinks: cfg } }, { agencyId, roundId });
  return got?.url ? { url: got.url, expiresAt: got.link.expiresAt } : undefined;
}

/** The agencies with at least one task in the period (or just the one asked for). */
export function agenciesWithTasks(tasks: Task[], period: Period, dir: Lookup, only?: string[]): string[] {
  const ids = only ?? dir.all(period.end);
  return ids.filter((id) => tasksForAgency(tasks, id, period, dir).length > 0);
}

export interface SendResult {
  sent: Array<{ agencyId: string; to: string[]; tasks: number }>;
  noContact: string[];
}

export async function sendTemplates(deps: CampaignDeps & { links: UploadLinks }, input: {
  tasks: Task[]; period: Period; deadline: string; agencyIds?: string[]; expiresSeconds?: number;
  formats?: Array<'xlsx' | 'docx'>; dryRun?: boolean; now?: Date;
  /** false: no upload link in the mail (e.g. the local S3 would be gone before anyone opened it); default true. */
  uploadLink?: boolean;
  /** the round these templates start (campaignFor): recorded first, so each mail can carry the agency's page link. */
  round?: Campaign;
}): Promise<SendResult> {
  const dir = await directoryLookup();
  const ids = agenciesWithTasks(input.tasks, input.period, dir, input.agencyIds);
  const contacts = await deps.store.listContacts();
  const out: SendResult = { sent: [], noContact: [] };
  if (input.round && !input.dryRun && deps.store.putCampaign && !(await deps.store.listCampaigns?.())?.some((c) => c.id === input.round!.id)) {
    await deps.store.putCampaign(input.round);
  }
  for (const agencyId of ids) {
    const to = contacts.find((c) => c.agencyId === agencyId)?.emails ?? [];
    if (!to.length) { out.noContact.push(agencyId); continue; }
    const agencyName = dir.nameOn(agencyId, input.period.end);
    const built = await buildTemplate({ agencyId, agencyName, period: input.period, deadline: input.deadline, tasks: input.tasks, dir, formats: input.formats, now: input.now });
    if (!input.dryRun) {
      const link = input.uploadLink === false ? undefined
        : await deps.links.create({ agencyId, expiresSeconds: input.expiresSeconds ?? 7 * 24 * 3600 }, input.now);
      const meta = { agencyId, agencyName, period: input.period, deadline: input.deadline, generatedAt: (input.now ?? new Date()).toISOString() };
      const page = await pageLinkFor(deps, agencyId, input.round?.id);
      await deps.mailer.send(templateMail(meta, to, built.files, link, deps.config.inboundAddress, page));
    }
    out.sent.push({ agencyId, to, tasks: built.tasks.length });
  }
  return out;
}

export async function sendReminders(deps: CampaignDeps, input: {
  tasks: Task[]; period: Period; deadline: string; daysBefore: number; today: string; since?: string; agencyIds?: string[]; dryRun?: boolean;
  /** the round reminded of: each reminder carries the agency's page link when there is one. */
  roundId?: string;
}): Promise<ReminderPlan> {
  const dir = await directoryLookup();
  const since = input.since ?? addDays(input.deadline, -30);
  const plan = planReminders({
    today: input.today, deadline: input.deadline, daysBefore: input.daysBefore, since,
    agencies: agenciesWithTasks(input.tasks, input.period, dir, input.agencyIds),
    contacts: await deps.store.listContacts(),
    reports: await deps.store.listReports({ since }),
  });
  if (!input.dryRun) {
    for (const a of plan.agencies) {
      const meta = { agencyId: a.agencyId, agencyName: dir.nameOn(a.agencyId, input.period.end), period: input.period, deadline: input.deadline, generatedAt: new Date().toISOString() };
      await deps.mailer.send(reminderMail(meta, a.to, plan.daysLeft, deps.config.inboundAddress, await pageLinkFor(deps, a.agencyId, input.roundId)));
    }
  }
  return plan;
}

/** The campaign a `templates send` starts, so the daily run can remind late agencies without anyone at a terminal. */
export function campaignFor(input: { period: string; deadline: string; remindDaysBefore: number; agencyIds?: string[]; now?: Date }): Campaign {
  return {
    id: `${input.deadline}#${input.period}${input.agencyIds?.length ? `#${[...input.agencyIds].sort().join(',')}` : ''}`,
    period: input.period,
    deadline: input.deadline,
    remindDaysBefore: input.remindDaysBefore,
    ...(input.agencyIds?.length ? { agencyIds: input.agencyIds } : {}),
    sentAt: (input.now ?? new Date()).toISOString(),
  };
}

export interface ReminderRun {
  campaignId: string;
  outcome: 'not_due' | 'already_sent' | 'sent';
  reminded: number;
}

/**
 * The daily run's part for reminders: each campaign whose reminder window has come (N days or fewer before its
 * deadline) reminds the agencies that have not reported — once: a "done once" marker is claimed before sending.
 */
export async function runDueReminders(
  deps: CampaignDeps & { store: Pick<Store, 'listCampaigns' | 'claimOnce' | 'listTasks' | 'listContacts' | 'listReports'> },
  today: string,
): Promise<ReminderRun[]> {
  const out: ReminderRun[] = [];
  const campaigns = (await deps.store.listCampaigns()).filter((c) => c.deadline >= today);
  if (!campaigns.length) return out;
  const tasks = await deps.store.listTasks();
  for (const c of campaigns) {
    const input = {
      tasks, period: parsePeriod(c.period), deadline: c.deadline, daysBefore: c.remindDaysBefore, today,
      since: c.sentAt.slice(0, 10), ...(c.agencyIds ? { agencyIds: c.agencyIds } : {}), roundId: c.id,
    };
    const plan = await sendReminders(deps, { ...input, dryRun: true });
    if (!plan.due) { out.push({ campaignId: c.id, outcome: 'not_due', reminded: 0 }); continue; }
    if (!(await deps.store.claimOnce(`reminder#${c.id}`, new Date().toISOString()))) {
      out.push({ campaignId: c.id, outcome: 'already_sent', reminded: 0 });
      continue;
    }
    const sent = await sendReminders(deps, input);
    out.push({ campaignId: c.id, outcome: 'sent', reminded: sent.agencies.length });
  }
  return out;
}

/** Where a reporting round stands: who has reported since the templates went out, who not yet (with contacts). */
export interface RoundStatus {
  campaign: Campaign;
  /** days until the deadline (negative: past it). */
  daysLeft: number;
  reported: Array<{ agencyId: string; reports: Report[] }>;
  pending: Array<{ agencyId: string; emails: string[] }>;
}

/**
 * The current round on `today`: the open campaign with the nearest deadline, else the one sent last; undefined when
 * `templates send` never ran. Agencies are those with tasks in the round's period (as `templates send` chose them).
 */
export async function currentRound(store: Pick<Store, 'listCampaigns' | 'listTasks' | 'listContacts' | 'listReports'>, today: string): Promise<RoundStatus | undefined> {
  const campaigns = await store.listCampaigns();
  if (!campaigns.length) return undefined;
  const open = campaigns.filter((c) => c.deadline >= today).sort((a, b) => a.deadline.localeCompare(b.deadline));
  const campaign = open[0] ?? [...campaigns].sort((a, b) => b.sentAt.localeCompare(a.sentAt))[0]!;
  const [tasks, contacts, reports, dir] = await Promise.all([store.listTasks(), store.listContacts(), store.listReports({ since: campaign.sentAt.slice(0, 10) }), directoryLookup()]);
  const agencies = agenciesWithTasks(tasks.filter((t) => !t.removed), parsePeriod(campaign.period), dir, campaign.agencyIds);
  const since = reportedSince(reports, campaign.sentAt);
  const out: RoundStatus = { campaign, daysLeft: daysBetween(today, campaign.deadline), reported: [], pending: [] };
  for (const agencyId of agencies) {
    const got = since.get(agencyId);
    if (got) out.reported.push({ agencyId, reports: got });
    else out.pending.push({ agencyId, emails: contacts.find((c) => c.agencyId === agencyId)?.emails ?? [] });
  }
  return out;
}
