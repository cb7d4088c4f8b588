/**
 * The state of one message going through shared/inbound/receive: what we know of it (summary), what has been
 * decided (outcome), and the three acts every phase may need — record a report record, tell someone, finish.
 */
import { createHash } from 'node:crypto';
import type { Report } from '#shared/domain/report';
import { INBOUND_REASONS, type InboundLimits, type InboundReason } from './limits';
import { safeFileName, shortHash } from './names';
import { secretariatNotice, senderNotice, type MessageSummary, type Problem } from './notices';
import type { InboundDeps, InboundInput, InboundOutcome, InboundState } from './types';

export const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

export interface Run {
  input: InboundInput;
  deps: InboundDeps;
  limits: InboundLimits;
  receivedAt: string;
  /** short, stable tag of this message (from its raw key): names of the files saved from it. */
  tag: string;
  out: InboundOutcome;
  summary: MessageSummary;
  log: NonNullable<InboundDeps['log']>;
  identify(h: { messageId?: string; from?: string; subject?: string }): void;
  setAgency(agencyId: string | undefined): void;
  record(state: Report['state'], code: InboundReason, detail: string, extra?: Partial<Report>): Promise<void>;
  tell(to: string | undefined, mail: ReturnType<typeof secretariatNotice>, who: string): Promise<void>;
  tellSender(saved: string[], problems: Problem[], refused?: InboundReason): Promise<void>;
  finish(state: Exclude<InboundState, 'accepted'>, reason: InboundReason, detail: string, opts?: { tellSender?: boolean; tellSecretariat?: boolean }): Promise<InboundOutcome>;
}

const REPORT_STATE: Record<Exclude<InboundState, 'accepted'>, Report['state']> = {
  rejected: 'failed', quarantined: 'quarantined', held: 'held', automatic: 'automatic',
};

export function startRun(input: InboundInput, deps: InboundDeps, limits: InboundLimits): Run {
  const receivedAt = input.receivedAt ?? new Date().toISOString();
  const out: InboundOutcome = { state: 'accepted', saved: [], problems: [], records: [], notified: [] };
  const summary: MessageSummary = { rawKey: input.rawKey, receivedAt };
  const log = deps.log ?? (() => {});
  const tag = shortHash(input.rawKey, 16);
  const run: Run = {
    input, deps, limits, receivedAt, tag, out, summary, log,
    identify(h) {
      Object.assign(summary, { messageId: h.messageId, sender: h.from, subject: h.subject });
      out.messageId = h.messageId;
      out.sender = h.from;
    },
    setAgency(agencyId) {
      out.agencyId = agencyId;
      summary.agencyId = agencyId;
    },
    async record(state, code, detail, extra = {}) {
      const id = sha256(`inbound:${deps.blobs.bucket}/${input.rawKey}#${extra.key ?? ''}`);
      const report: Report = {
        id,
        bucket: deps.blobs.bucket,
        key: input.rawKey,
        fileName: summary.subject ? `${safeFileName(summary.subject)}.eml` : `${tag}.eml`,
        size: input.raw.byteLength,
        sha256: sha256(input.raw),
        receivedAt,
        state,
        agencyId: out.agencyId,
        agencySource: out.agencyId ? 'email sender' : undefined,
        origin: { kind: 'email', messageId: summary.messageId, sender: summary.sender, subject: summary.subject, ...(out.automatic ? { automatic: out.automatic } : {}) },
        format: 'eml',
        error: { code, message: detail, messageVi: INBOUND_REASONS[code] },
        ...extra,
      };
      await deps.store.createReport(report);
      out.records.push(id);
    },
    async tell(to, mail, who) {
      if (!deps.mailer || !to) return;
      try {
        await deps.mailer.send({ ...mail, to });
        out.notified.push(who);
      } catch (err) {
        log('notice_failed', { who, error: (err as Error).name });
      }
    },
    async tellSender(saved, problems, refused) {
      if (out.automatic) return; // never answer a machine
      await run.tell(summary.sender, senderNotice(summary, saved, problems, refused), 'sender');
    },
    async finish(state, reason, detail, opts = {}) {
      out.state = state;
      out.reason = reason;
      out.reasonVi = INBOUND_REASONS[reason];
      await run.record(REPORT_STATE[state], reason, detail);
      if (opts.tellSecretariat !== false && state !== 'automatic') {
        await run.tell(deps.secretariat, secretariatNotice(state, reason, summary, detail), 'secretariat');
      }
      if (opts.tellSender && out.agencyId) await run.tellSender([], [], reason);
      log('inbound_message', { state, reason });
      return out;
    },
  };
  return run;
}
