/**
 * The digest, end to end: read what the store holds, consolidate as of a date, render (HTML, text, XLSX,
 * summary.json, .eml), and write a preview or send it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from '#shared/config';
import type { Mailer } from '#shared/mail/mailer';
import { periodOf } from '#shared/meetings';
import type { Store } from '#shared/store/records';
import type { Meeting } from '#shared/domain/meeting';
import type { StatusEntry, StoredRow } from '#shared/domain/report';
import { directoryNames } from './agency-names';
import { consolidate, isEvidence, reportDay, type AgencyNames } from './consolidate';
import { digestEml, digestMail } from './eml';
import { Summary, type Digest, type TaskLine, type UnreachableRef } from './model';
import type { AgencyContact } from '#shared/domain/contact';
import { agencyForSender } from '#shared/inbound/sender';
import { recipientStateVi } from '#shared/recipients/health';
import { renderHtml } from './render-html';
import { renderText } from './render-text';
import { toSummary } from './summary';
import { renderXlsx } from './xlsx';

export { consolidate, digestMatrix, type AgencyNames, type ConsolidateInput } from './consolidate';
export { taskAgencyMatrix, type AgencyAnswer, type ShareCounts, type Standing, type TaskAnswers } from './matrix';
export { renderHtml } from './render-html';
export { renderText } from './render-text';
export { renderXlsx } from './xlsx';
export { toSummary, summaryJson } from './summary';
export { safeCell } from './safe-cell';
export type { Digest, Summary, TaskLine, Totals } from './model';

export interface BuildOptions {
  store: Store;
  asOf: string;
  meeting?: Meeting | null;
  agencies?: AgencyNames;
  now?: Date;
}

/**
 * Status entries as of `asOf`: the latest ones, and whole histories only for tasks whose latest is newer than asOf
 * or is no evidence (a blank row, a retracted entry): the answer before it is then the one that counts.
 */
async function statusesAsOf(store: Store, asOf: string): Promise<StatusEntry[]> {
  const latest = await store.latestStatuses();
  const later = [...new Set(latest.filter((e) => e.reportDate.slice(0, 10) > asOf || !isEvidence(e)).map((e) => e.taskId))];
  if (!later.length) return latest;
  const keep = latest.filter((e) => !later.includes(e.taskId));
  for (const taskId of later) keep.push(...(await store.statusHistory(taskId)));
  return keep;
}

/** The last digest sent before `asOf` (for "change since the previous digest"). */
async function previousDigest(store: Store, asOf: string): Promise<{ asOf: string; summary: Summary; at?: string } | undefined> {
  let best: { asOf: string; summary: Summary; at?: string } | undefined;
  for (const r of await store.listDigests()) {
    if (!r.sentAt || r.asOf >= asOf) continue;
    const s = Summary.safeParse(r.summary);
    if (!s.success) continue;
    if (!best || r.asOf > best.asOf) best = { asOf: r.asOf, summary: s.data, at: r.sentAt };
  }
  return best;
}

export async function buildDigest(opts: BuildOptions): Promise<Digest> {
  const { store, asOf } = opts;
  const meeting = opts.meeting ?? null;
  const [tasks, statuses, reports, reviewRows, contacts, meetings, previous] = await Promise.all([
    store.listTasks(), statusesAsOf(store, asOf), store.listReports(), store.listReviewRows(),
    store.listContacts(), meeting ? store.listMeetings() : Promise.resolve([] as Meeting[]), previousDigest(store, asOf),
  ]);
  const period = periodOf(meeting, meetings, asOf);
  // rows reporting tasks not in the registry: read from this period's reports that had any, or rows for review
  // (the secretariat may have marked one "new"; the report's counts are those of the matcher)
  const inPeriod = reports.filter((r) => {
    const d = reportDay(r);
    return (!period.from || d >= period.from) && d <= period.to && (r.counts?.new === undefined || r.counts.new > 0 || (r.counts.review ?? 0) > 0);
  });
  const unregisteredRows: StoredRow[] = [];
  for (const r of inPeriod) {
    for (const row of await store.listRows(r.id)) {
      if (row.override?.action === 'new' || (!row.override && row.match?.decision === 'new')) unregisteredRows.push(row);
    }
  }
  const digest = consolidate({
    asOf,
    tasks,
    statuses,
    reports,
    reviewRows,
    unregisteredRows,
    contacts,
    meeting,
    period,
    previous,
    agencies: opts.agencies ?? directoryNames(),
    generatedAt: (opts.now ?? new Date()).toISOString(),
  });
  return { ...digest, unreachable: await unreachableRecipients(store, contacts, opts.agencies ?? directoryNames(), asOf) };
}

/** The addresses on do-not-send, with the agency they belong to (from the contacts). */
async function unreachableRecipients(store: Store, contacts: AgencyContact[], agencies: AgencyNames, asOf: string): Promise<UnreachableRef[]> {
  const list = (await store.listRecipients()).filter((r) => r.doNotSend);
  return list.map((r) => {
    const agencyId = agencyForSender(r.address, contacts).agencyId;
    return {
      address: r.address, stateVi: recipientStateVi(r), since: r.since, ...(r.last.status ? { status: r.last.status } : {}),
      ...(agencyId ? { agencyId, agencyName: agencies.nameOn(agencyId, asOf) } : {}),
    };
  }).sort((a, b) => (a.agencyName ?? '~').localeCompare(b.agencyName ?? '~', 'vi') || a.address.localeCompare(b.address));
}

/**
 * One task's consolidated status on a date, with who answers for it and how each one stands (its row of the
 * task × agency matrix) — for `intake digest task` and the console. Undefined when the task is not in force.
 */
export async function taskStatus(opts: { store: Store; asOf: string; taskId: string; agencies?: AgencyNames }): Promise<TaskLine | undefined> {
  const d = await buildDigest({ store: opts.store, asOf: opts.asOf, agencies: opts.agencies });
  return d.tasks.find((t) => t.taskId === opts.taskId);
}

export interface RenderedDigest {
  digest: Digest;
  html: string;
  text: string;
  xlsx: Buffer;
  summary: Summary;
}

export async function renderDigest(digest: Digest): Promise<RenderedDigest> {
  return { digest, html: renderHtml(digest), text: renderText(digest), xlsx: await renderXlsx(digest), summary: toSummary(digest) };
}

export interface PreviewOptions {
  store: Store;
  asOf: string;
  meetingId?: string;
  outDir: string;
  /** addresses written into digest.eml when the meeting names none (the secretariat); a meeting's recipients win. */
  to?: string[];
  from?: string;
  agencies?: AgencyNames;
}

export interface PreviewFiles { html: string; text: string; xlsx: string; eml: string; summary: string }

/** Writes digest.html, digest.txt, digest.xlsx, digest.eml and summary.json into outDir; sends nothing. */
export async function previewDigest(opts: PreviewOptions): Promise<{ files: PreviewFiles; summary: Summary; rendered: RenderedDigest }> {
  let meeting: Meeting | null = null;
  if (opts.meetingId) {
    const { getMeeting } = await import('#shared/meetings');
    meeting = await getMeeting(opts.store, opts.meetingId);
  }
  const r = await renderDigest(await buildDigest({ store: opts.store, asOf: opts.asOf, meeting, agencies: opts.agencies }));
  // the preview shows who will really get it: the meeting's recipients, else the given fallback (the secretariat)
  const to = meeting?.recipients.length ? meeting.recipients : opts.to?.length ? opts.to : ['to-thu-ky@example.invalid'];
  const eml = await digestEml(digestMail(r.digest, r, to, opts.from), opts.from ?? 'intake@example.invalid');
  const dir = resolve(opts.outDir);
  await mkdir(dir, { recursive: true });
  const files: PreviewFiles = {
    html: join(dir, 'digest.html'),
    text: join(dir, 'digest.txt'),
    xlsx: join(dir, 'digest.xlsx'),
    eml: join(dir, 'digest.eml'),
    summary: join(dir, 'summary.json'),
  };
  await Promise.all([
    writeFile(files.html, r.html),
    writeFile(files.text, r.text),
    writeFile(files.xlsx, r.xlsx),
    writeFile(files.eml, eml),
    writeFile(files.summary, `${JSON.stringify(r.summary, null, 2)}\n`),
  ]);
  return { files, summary: r.summary, rendered: r };
}

export class DigestError extends Error {
  override readonly name = 'DigestError';
  constructor(message: string, readonly messageVi: string) { super(message); }
}

export function recipientsOf(meeting: Pick<Meeting, 'recipients'> | null | undefined, config: Pick<Config, 'secretariatAddress'>): string[] {
  if (meeting?.recipients.length) return meeting.recipients;
  if (config.secretariatAddress) return [config.secretariatAddress];
  throw new DigestError('digest has no recipients: set the meeting\'s --recipients or SECRETARIAT_ADDRESS',
    'Chưa có người nhận: khai báo --recipients cho phiên họp hoặc SECRETARIAT_ADDRESS');
}

export interface SendOptions {
  store: Store;
  mailer: Mailer;
  config: Pick<Config, 'senderAddress' | 'secretariatAddress'>;
  asOf: string;
  meeting: Meeting | null;
  agencies?: AgencyNames;
  /** an already rendered digest (the scheduled run renders before it claims the send marker). */
  rendered?: RenderedDigest;
}

/** Sends the digest email now (HTML + text + XLSX) to the meeting's recipients (or the secretariat). */
export async function sendDigest(opts: SendOptions): Promise<{ messageId: string; summary: Summary; to: string[] }> {
  const to = recipientsOf(opts.meeting, opts.config);
  const r = opts.rendered ?? await renderDigest(await buildDigest({ store: opts.store, asOf: opts.asOf, meeting: opts.meeting, agencies: opts.agencies }));
  const sent = await opts.mailer.send(digestMail(r.digest, r, to, opts.config.senderAddress));
  return { messageId: sent.messageId, summary: r.summary, to };
}
