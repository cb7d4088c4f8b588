/**
 * Sending the receipt of a processed report: to the sender, threaded (In-Reply-To / References) when the report came
 * by email; otherwise to the agency's contact addresses. `receiptHook(deps)` is the ingest path's `onProcessed`.
 */
import type { Task } from '#shared/domain/task';
import type { Mailer, OutgoingMail } from '#shared/mail/mailer';
import type { Store } from '#shared/store/records';
import type { Report, StoredRow } from '#shared/domain/report';
import { buildReceipt, type Receipt } from './build';

export interface ReceiptDeps {
  store: Pick<Store, 'getReport' | 'listRows' | 'getTask' | 'listContacts' | 'updateReport'>;
  mailer: Mailer;
  /** copied (Cc) on receipts that report a failure, when set. */
  secretariat?: string;
  log?: (event: string, fields: Record<string, string | number | boolean | undefined>) => void;
}

export interface ReceiptSent {
  sent: boolean;
  to?: string[];
  messageId?: string;
  reason?: 'no_report' | 'no_recipient' | 'not_final';
  receipt?: Receipt;
}

type Directory = { successorOn(id: string, isoDate: string): string; get(id: string): { name?: string } | undefined; nameOn?(id: string, isoDate: string): string | undefined };

async function directory(): Promise<Directory | undefined> {
  try {
    const mod = (await import('#shared/agencies')) as unknown as { agencyDirectory?: () => Directory };
    return mod.agencyDirectory?.();
  } catch {
    return undefined;
  }
}

async function parser(): Promise<((text: string) => import('#shared/domain/task').Deadline) | undefined> {
  try {
    const mod = await import('#shared/deadlines');
    return (t: string) => mod.parseDeadline(t);
  } catch {
    return undefined;
  }
}

export async function recipientsFor(report: Report, store: Pick<Store, 'listContacts'>): Promise<string[]> {
  // a machine-written message is never answered: its report's receipt goes to the agency's registered contacts
  if (report.origin?.kind === 'email' && report.origin.sender && !report.origin.automatic) return [report.origin.sender];
  if (!report.agencyId) return [];
  const contact = (await store.listContacts()).find((c) => c.agencyId === report.agencyId);
  return contact?.emails ?? [];
}

/** The receipt of a report as the mail says it (the agency's page shows the same data): rows, tasks and names looked up. */
export async function composeReceipt(store: Pick<Store, 'listRows' | 'getTask'>, report: Report, knownRows?: StoredRow[]): Promise<Receipt> {
  const rows = knownRows ?? await store.listRows(report.id);
  const ids = [...new Set(rows.flatMap((r) => [r.override?.taskId, r.match?.taskId]).filter((x): x is string => !!x))];
  const tasks = new Map<string, Task>();
  for (const id of ids) {
    const t = await store.getTask(id);
    if (t) tasks.set(id, t);
  }
  const dir = await directory();
  const asOf = (report.reportDate ?? report.receivedAt).slice(0, 10);
  return buildReceipt({
    report,
    rows,
    tasks,
    parseDeadline: await parser(),
    agencyName: report.agencyId ? (dir?.nameOn?.(report.agencyId, asOf) ?? dir?.get(report.agencyId)?.name) : undefined,
    isAgencyOf: (task, agencyId) => {
      if (task.lead.groups?.length || task.coord?.groups?.length) return true;
      const ids = [...task.lead.ids, ...(task.coord?.ids ?? [])];
      return ids.some((id) => id === agencyId || (dir ? safeSuccessor(dir, id, asOf) === agencyId : false));
    },
  });
}

export async function sendReceipt(deps: ReceiptDeps, reportOrId: Report | string, knownRows?: StoredRow[]): Promise<ReceiptSent> {
  const report = typeof reportOrId === 'string' ? await deps.store.getReport(reportOrId) : reportOrId;
  if (!report) return { sent: false, reason: 'no_report' };
  if (report.state === 'received') return { sent: false, reason: 'not_final' };
  const receipt = await composeReceipt(deps.store, report, knownRows);
  const dir = await directory();
  const asOf = (report.reportDate ?? report.receivedAt).slice(0, 10);
  const to = await recipientsFor(report, deps.store);
  if (to.length === 0) {
    deps.log?.('receipt_skipped', { reason: 'no_recipient', state: report.state });
    // said on the report (and so in `intake reports list`, `npm start` and the console), not only in the logs
    const why = report.agencyId
      ? `chưa có địa chỉ liên hệ của ${(dir?.nameOn?.(report.agencyId, asOf) ?? dir?.get(report.agencyId)?.name) ?? report.agencyId} (\`intake agency set-contact\` hoặc \`intake agency load-contacts\`)`
      : 'chưa xác định được cơ quan gửi nên không biết gửi thư xác nhận cho ai';
    await deps.store.updateReport(report.id, { receiptSkipped: why });
    return { sent: false, reason: 'no_recipient', receipt };
  }
  const res = await deps.mailer.send(receiptMail(report, receipt, to, deps.secretariat));
  await deps.store.updateReport(report.id, { receiptSentAt: new Date().toISOString() });
  deps.log?.('receipt_sent', { state: report.state, tables: receipt.tables.length, problems: receipt.problems.length });
  return { sent: true, to, messageId: res.messageId, receipt };
}

/** The mail of a receipt: threaded under the agency's message when the report came by email. */
export function receiptMail(report: Report, receipt: Receipt, to: string[], secretariat?: string): OutgoingMail {
  const threaded = report.origin?.kind === 'email' && report.origin.messageId ? report.origin.messageId : undefined;
  const failed = receipt.problems.some((p) => p.code === 'failure');
  return {
    to,
    cc: failed && secretariat ? secretariat : undefined,
    subject: receipt.subject,
    text: receipt.text,
    html: receipt.html,
    inReplyTo: threaded,
    references: threaded ? [threaded] : undefined,
    headers: { 'X-Intake-Report': report.id, 'Auto-Submitted': 'auto-replied' },
  };
}

function safeSuccessor(dir: Directory, id: string, asOf: string): string | undefined {
  try { return dir.successorOn(id, asOf); } catch { return undefined; }
}

/** The ingest path's `onProcessed` hook: never throws (a receipt that cannot be sent must not fail the report). */
export function receiptHook(deps: ReceiptDeps): (outcome: { report: Report; rows?: StoredRow[] }) => Promise<void> {
  return async ({ report, rows }) => {
    try {
      // rows are passed only for processed reports; an empty list for a failure means "none", which is right
      await sendReceipt(deps, report, rows);
    } catch (err) {
      deps.log?.('receipt_failed', { error: (err as Error).name });
    }
  };
}
