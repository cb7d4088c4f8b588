/** A built digest rendered (HTML, text, XLSX, summary.json, .eml), written as a preview, or sent to the meeting's recipients. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from '#shared/config';
import type { Mailer } from '#shared/mail/mailer';
import type { Store } from '#shared/store/records';
import type { Meeting } from '#shared/domain/meeting';
import { type AgencyNames } from './consolidate';
import { digestEml, digestMail } from './eml';
import { Summary, type Digest } from './model';
import { renderHtml } from './render-html';
import { renderText } from './render-text';
import { toSummary } from './summary';
import { renderXlsx } from './xlsx';
import { buildDigest } from './build';

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
