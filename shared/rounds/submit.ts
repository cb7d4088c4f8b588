/**
 * Saving and submitting what an agency entered on its page (#16).
 *
 * A submission is a report of its own: origin "web", who (the name given) and when, one row per answered task,
 * matched by task id (decision auto, no reading involved) and stored through the ingest path's own store step
 * (storeMatchedRows) — so the status history, "latest" per task and agency, the digest and the console treat it
 * like any file. Only the agency's own tasks for the round are accepted. Submitting the same content again as the
 * agency's last submission for the round changes nothing (the same report comes back).
 */
import { createHash } from 'node:crypto';
import type { Config } from '#shared/config';
import { vnToday } from '#shared/domain/dates';
import { STATUS_LABEL } from '#shared/domain/labels';
import type { RoundAnswer } from '#shared/domain/agency-round';
import type { Report, StoredRow } from '#shared/domain/report';
import type { Campaign } from '#shared/domain/round';
import type { Store } from '#shared/store/records';
import { storeMatchedRows } from '#shared/ingest/process-upload';

export class RoundSubmitError extends Error {
  override readonly name = 'RoundSubmitError';
  constructor(readonly code: 'not_yours' | 'nothing', readonly messageVi: string) {
    super(code);
  }
}

export interface SubmitDeps {
  store: Pick<Store, 'createReport' | 'getReport' | 'updateReport' | 'listReports' | 'putRows' | 'appendStatus' | 'putRoundDraft'>;
  config: Pick<Config, 'bucketName'>;
  now?: () => Date;
}

export interface SubmitInput {
  agencyId: string;
  round: Campaign;
  /** the task ids the agency answers for (roundTasks): anything else is refused. */
  allowed: ReadonlySet<string>;
  answers: RoundAnswer[];
  /** who answered (the name typed on the page). */
  by: string;
  /** the registry's wording of a task, kept on its row (the console's report page and the digest show rows by it). */
  contentOf?: (taskId: string) => string | undefined;
}

const clean = (s: string | undefined) => {
  const t = s?.normalize('NFC').trim();
  return t ? t : undefined;
};

/** the answers that say something, trimmed, one per task, by task id. */
export function answered(answers: RoundAnswer[]): RoundAnswer[] {
  const by = new Map<string, RoundAnswer>();
  for (const a of answers) {
    const x: RoundAnswer = { taskId: a.taskId, ...(a.status ? { status: a.status } : {}), ...(clean(a.result) ? { result: clean(a.result) } : {}), ...(clean(a.difficulties) ? { difficulties: clean(a.difficulties) } : {}) };
    if (x.status || x.result || x.difficulties) by.set(a.taskId, x);
  }
  return [...by.values()].sort((a, b) => a.taskId.localeCompare(b.taskId));
}

/** The key prefix a round's web reports carry (they have no object: the key names where they came from). */
export function webKeyPrefix(agencyId: string, roundId: string): string {
  return `web/${agencyId}/${createHash('sha256').update(roundId).digest('hex').slice(0, 16)}/`;
}

/** The agency's web submissions for a round, newest first. */
export async function webReports(store: Pick<Store, 'listReports'>, agencyId: string, roundId: string): Promise<Report[]> {
  const prefix = webKeyPrefix(agencyId, roundId);
  return (await store.listReports({ agencyId }))
    .filter((r) => r.origin?.kind === 'web' && r.key.startsWith(prefix))
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt) || b.id.localeCompare(a.id));
}

export async function saveDraft(deps: Pick<SubmitDeps, 'store' | 'now'>, input: Omit<SubmitInput, 'by'> & { by?: string }): Promise<number> {
  const list = answered(input.answers);
  const foreign = list.find((a) => !input.allowed.has(a.taskId));
  if (foreign) throw new RoundSubmitError('not_yours', `Nhiệm vụ ${foreign.taskId} không thuộc các nhiệm vụ của Quý cơ quan trong đợt này.`);
  await deps.store.putRoundDraft({
    agencyId: input.agencyId, roundId: input.round.id, savedAt: (deps.now?.() ?? new Date()).toISOString(), answers: list,
    ...(clean(input.by) ? { by: clean(input.by) } : {}),
  });
  return list.length;
}

export interface Submitted {
  report: Report;
  /** true: the same content as the last submission — nothing new was stored. */
  replayed: boolean;
}

export async function submitAnswers(deps: SubmitDeps, input: SubmitInput): Promise<Submitted> {
  const list = answered(input.answers);
  if (!list.length) throw new RoundSubmitError('nothing', 'Chưa có nhiệm vụ nào được cập nhật: hãy chọn tình trạng hoặc ghi kết quả cho ít nhất một nhiệm vụ.');
  const foreign = list.find((a) => !input.allowed.has(a.taskId));
  if (foreign) throw new RoundSubmitError('not_yours', `Nhiệm vụ ${foreign.taskId} không thuộc các nhiệm vụ của Quý cơ quan trong đợt này.`);
  const content = JSON.stringify({ agencyId: input.agencyId, roundId: input.round.id, answers: list });
  const sha256 = createHash('sha256').update(content).digest('hex');
  const earlier = (await webReports(deps.store, input.agencyId, input.round.id)).filter((r) => r.state === 'processed');
  if (earlier[0]?.sha256 === sha256) return { report: earlier[0], replayed: true };
  // n-th submission: two identical submissions at once get the same id, and the conditional put keeps one
  const id = createHash('sha256').update(`web\n${input.agencyId}\n${input.round.id}\n${earlier.length}\n${sha256}`).digest('hex').slice(0, 32);
  const existing = await deps.store.getReport(id);
  if (existing?.state === 'processed') return { report: existing, replayed: true };
  const now = deps.now?.() ?? new Date();
  const receivedAt = existing?.receivedAt ?? now.toISOString();
  const reportDate = vnToday(receivedAt);
  const by = clean(input.by)?.slice(0, 120);
  const base: Report = {
    id, bucket: deps.config.bucketName, key: `${webKeyPrefix(input.agencyId, input.round.id)}${id}`,
    fileName: `Cập nhật trực tuyến ${input.round.period}`.slice(0, 180), size: Buffer.byteLength(content), contentType: 'application/json',
    sha256, receivedAt, reportDate, state: 'received', agencyId: input.agencyId, agencySource: 'web-link', format: 'web',
    origin: { kind: 'web', roundId: input.round.id, ...(by ? { by } : {}) },
  };
  if (!existing) await deps.store.createReport(base);
  const rows: StoredRow[] = list.map((a, i) => ({
    reportId: id, rowId: `0.${i + 1}`, table: 0,
    cells: {
      taskId: a.taskId, stt: String(i + 1),
      ...(input.contentOf?.(a.taskId) ? { content: input.contentOf(a.taskId) } : {}),
      ...(a.result ? { result: a.result } : {}), ...(a.difficulties ? { risk: a.difficulties } : {}),
      ...(a.status ? { statusMark: a.status } : {}),
      source: { row: i + 1 },
    },
    match: { taskId: a.taskId, score: 1, decision: 'auto', candidates: [{ taskId: a.taskId, score: 1, why: ['mã nhiệm vụ (trang báo cáo của cơ quan)'] }] },
    status: a.status ? { value: a.status, source: 'mark', raw: STATUS_LABEL[a.status] } : { value: null, source: 'none' },
  }));
  await storeMatchedRows(deps.store, { reportId: id, agencyId: input.agencyId, reportDate, recordedAt: now.toISOString() }, rows);
  await deps.store.updateReport(id, { state: 'processed', counts: { tables: 1, rows: rows.length, auto: rows.length, review: 0, new: 0 } });
  await deps.store.putRoundDraft({ agencyId: input.agencyId, roundId: input.round.id, savedAt: now.toISOString(), answers: [], ...(by ? { by } : {}) });
  return { report: (await deps.store.getReport(id))!, replayed: false };
}
