/**
 * Phase of shared/inbound/receive for mail written by machines (automatic.ts): recorded, never answered.
 * A delivery failure or complaint about one of our messages marks the reported recipients (shared/recipients);
 * an out-of-office reply marks its sender away. Report files such a message carries are still ingested when the
 * sender's agency is known and SES's checks passed: their receipt goes to the agency's registered contacts.
 */
import type { MailEvent } from '#shared/domain/recipient';
import { noteMailEvent } from '#shared/recipients/health';
import type { AutomaticMail } from './automatic';
import { considerFile } from './files';
import type { ParsedMessage } from './parse';
import type { InboundOutcome } from './types';
import type { Run } from './run';

/** Parts of a report (delivery-status, enclosed headers …) are the report itself, not attachments. */
const REPORT_PART = /^(message\/|text\/rfc822-headers)/;

export async function noteAutomatic(run: Run, msg: ParsedMessage, auto: AutomaticMail, trusted: boolean): Promise<InboundOutcome> {
  run.out.automatic = auto.kind;
  if (trusted) await noteRecipients(run, auto);
  if (trusted && run.out.agencyId) {
    for (const f of msg.files) if (!REPORT_PART.test(f.contentType)) await considerFile(run, f, 'attachment', 0);
  }
  await run.finish('automatic', 'automatic', `${auto.kind} (${auto.signals.join(', ')})`, { tellSecretariat: false });
  run.log('inbound_automatic', { kind: auto.kind, aboutOurs: auto.aboutOurs, recipients: auto.recipients.length, saved: run.out.saved.length });
  return run.out;
}

async function noteRecipients(run: Run, auto: AutomaticMail): Promise<void> {
  const at = run.receivedAt;
  const events: MailEvent[] = [];
  if (auto.aboutOurs && (auto.kind === 'bounce' || auto.kind === 'complaint')) {
    for (const r of auto.recipients) {
      const kind = auto.kind === 'complaint' ? 'complaint' : r.permanent ? 'bounce' : 'soft_bounce';
      events.push({ address: r.address, kind, at, source: 'inbound', ...(r.status ? { status: r.status } : {}) });
    }
  }
  if (auto.kind === 'auto_reply' && run.summary.sender && (auto.aboutOurs || run.out.agencyId)) {
    events.push({ address: run.summary.sender, kind: 'auto_reply', at, source: 'inbound', ...(auto.awayUntil ? { awayUntil: auto.awayUntil } : {}) });
  }
  const noted: string[] = [];
  for (const e of events) {
    const res = await noteMailEvent(e, { store: run.deps.store, mailer: run.deps.mailer, secretariat: run.deps.secretariat, log: run.log });
    if (res.alerted) run.out.notified.push('secretariat');
    noted.push(res.recipient.address);
  }
  if (noted.length) run.out.recipientsNoted = noted;
}
