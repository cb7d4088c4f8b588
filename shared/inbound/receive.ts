/**
 * One received message, end to end on our side of SES, as named phases:
 *   limits → verdicts → MIME shape → parse → sender → automatic? → authentication → known agency → reply cap
 *   → files → body tables → outcome.
 * Files that can be reports are saved under `uploads/<agency>/email/…` with their provenance as object metadata,
 * so the ordinary ingest path (S3 event → queue → shared/ingest/) processes them and sends the receipts.
 * Whatever is refused or held is recorded as a report record in that state, the raw message stays where SES put
 * it (inbound/), and the secretariat and/or the sender are told. Mail written by machines (automatic.ts) is
 * recorded and never answered. Never throws for bad input.
 */
import { vnToday } from '#shared/domain/dates';
import { classifyMessage, topHeaders } from './automatic';
import { InboundError, INBOUND_REASONS, inboundLimits } from './limits';
import { scanMime, type MimeShape } from './mime-scan';
import { parseHeadersOnly, parseMessage, type MessageFile, type ParsedMessage } from './parse';
import { agencyForSender } from './sender';
import { judgeVerdicts } from './verdicts';
import { startRun, type Run } from './run';
import { considerFile, saveBodyTables } from './files';
import { noteAutomatic } from './automatic-mail';
import type { InboundDeps, InboundInput, InboundOutcome } from './types';

export type { InboundDeps, InboundInput, InboundOutcome, InboundState, SavedFile } from './types';

export async function receiveMessage(input: InboundInput, deps: InboundDeps): Promise<InboundOutcome> {
  const run = startRun(input, deps, inboundLimits(deps.limits));
  if (input.raw.byteLength > run.limits.maxMessageBytes) return refuseOversize(run);
  const verdict = judgeVerdicts(input.receipt);
  if (verdict.action === 'quarantine') {
    await headersOnly(run);
    return run.finish('quarantined', verdict.reason, `SES ${verdict.failed.join(',')} verdict FAIL`, { tellSecretariat: verdict.reason === 'virus' });
  }
  const shape = await checkShape(run);
  if (!shape) return run.out;
  const msg = await parse(run);
  if (!msg) return run.out;
  await resolveAgency(run);
  const automatic = classifyMessage({
    headers: topHeaders(input.raw), reportParts: shape.reportParts, from: msg.from, subject: msg.subject, text: msg.text,
    envelopeFrom: input.envelopeFrom, ourDomains: deps.ourDomains ?? [],
  });
  if (automatic) return noteAutomatic(run, msg, automatic, verdict.action === 'process');
  if (verdict.action === 'hold' && !input.agencyId) {
    return run.finish('held', verdict.reason, `SES ${verdict.failed.join(',')} verdict ${verdict.reason === 'auth_failed' ? 'FAIL' : 'not PASS'}`);
  }
  if (!run.out.agencyId) return run.finish('held', 'unknown_sender', 'sender not in agency contacts');
  if (!(await withinReplyCap(run))) return run.out;
  await saveFiles(run, msg);
  return conclude(run);
}

/** Phase: too large — refused before anything is parsed; the sender is told from the header block only. */
async function refuseOversize(run: Run): Promise<InboundOutcome> {
  await headersOnly(run);
  await resolveAgency(run);
  return run.finish('rejected', 'too_large', `message is ${run.input.raw.byteLength} bytes (limit ${run.limits.maxMessageBytes})`, { tellSender: true });
}

/** Phase: the MIME structure within limits (a linear scan, no parse); collects the report parts. */
async function checkShape(run: Run): Promise<MimeShape | undefined> {
  try {
    return scanMime(run.input.raw, run.limits);
  } catch (err) {
    await headersOnly(run);
    await resolveAgency(run);
    if (err instanceof InboundError) await run.finish('rejected', err.code, err.message, { tellSender: true });
    else await run.finish('rejected', 'malformed', 'MIME scan failed', { tellSender: true });
    return undefined;
  }
}

async function parse(run: Run): Promise<ParsedMessage | undefined> {
  try {
    const msg = await parseMessage(run.input.raw, { maxDepth: Math.min(3, run.limits.maxDepth) });
    run.identify({ messageId: msg.messageId, from: msg.from, subject: msg.subject });
    return msg;
  } catch {
    await headersOnly(run);
    await run.finish('rejected', 'malformed', 'mailparser failed');
    return undefined;
  }
}

async function headersOnly(run: Run): Promise<void> {
  try {
    run.identify(await parseHeadersOnly(run.input.raw));
  } catch { /* nothing to tell */ }
}

/** Phase: the sender's agency (a secretariat override wins). */
async function resolveAgency(run: Run): Promise<void> {
  if (run.input.agencyId) { run.setAgency(run.input.agencyId); return; }
  if (!run.summary.sender) return;
  run.setAgency(agencyForSender(run.summary.sender, await run.deps.store.listContacts()).agencyId);
}

/**
 * Phase: the loop breaker. Every message from a person that we accept or refuse gets an answer; past
 * `maxRepliesPerDay` answers to one address in one day (Việt Nam), the message is held without one, and the
 * secretariat is told once per address and day.
 */
async function withinReplyCap(run: Run): Promise<boolean> {
  const sender = run.summary.sender;
  if (!sender || run.input.agencyId) return true; // a secretariat re-run is not a reply to a machine
  const day = vnToday(run.receivedAt);
  const n = await run.deps.store.bumpCounter(`replies#${sender}#${day}`, run.receivedAt);
  if (n <= run.limits.maxRepliesPerDay) return true;
  const first = await run.deps.store.claimOnce(`reply-limit#${sender}#${day}`, run.receivedAt);
  await run.finish('held', 'reply_limit', `${n} messages from this address today (limit ${run.limits.maxRepliesPerDay})`, { tellSecretariat: first });
  return false;
}

async function saveFiles(run: Run, msg: ParsedMessage): Promise<void> {
  for (const f of msg.files) await considerFile(run, f, 'attachment', 0);
  await saveBodyTables(run, msg);
}

/** Phase: the outcome — nothing saved is a refusal; the sender hears of what was not taken. */
async function conclude(run: Run): Promise<InboundOutcome> {
  const { out } = run;
  if (out.saved.length === 0) {
    out.state = 'rejected';
    out.reason = out.problems.length ? out.problems[0].code : 'no_report';
    out.reasonVi = INBOUND_REASONS[out.reason];
    if (!out.problems.length) await run.record('failed', 'no_report', 'no attachment or body table');
  }
  const refused = out.problems.filter((p) => p.code !== 'html_script' && p.code !== 'type_mismatch');
  if (out.saved.length === 0 || refused.length > 0) {
    await run.tellSender(out.saved.map((f) => f.fileName), out.problems, out.saved.length || out.problems.length ? undefined : 'no_report');
  }
  run.log('inbound_message', { state: out.state, saved: out.saved.length, problems: out.problems.length });
  return out;
}

export type { MessageFile };
