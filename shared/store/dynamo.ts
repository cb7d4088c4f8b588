/**
 * `Store` on DynamoDB, single-table (keys in ./schema.ts, access patterns in the README). No transactions
 * (dynalite has none): every write is a single put that is either idempotent by key or conditional.
 */
import {
  BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand,
  type DynamoDBDocumentClient, type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import type { Config } from '#shared/config';
import { Recipient } from '#shared/domain/recipient';
import { Task } from '#shared/domain/task';
import { documentClient } from './clients';
import { type DataKind, type Store } from './records';
import { AgencyContact } from '#shared/domain/contact';
import { Campaign } from '#shared/domain/round';
import { RoundDraft, RoundLink } from '#shared/domain/agency-round';
import { DigestRecord, Meeting } from '#shared/domain/meeting';
import { Report, StatusEntry, StoredRow } from '#shared/domain/report';
import { DecisionRecord, textHash } from '#shared/domain/decision';
import { GSI1, GSI2, GSI3 } from './schema';

type Item = Record<string, unknown>;

const KEY_ATTRS = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'type'];

/** Key builders: the one place that knows how items are keyed. */
export const keys = {
  report: (id: string) => ({ pk: `REPORT#${id}`, sk: 'REPORT' }),
  row: (reportId: string, rowId: string) => ({ pk: `REPORT#${reportId}`, sk: `ROW#${rowSortKey(rowId)}` }),
  task: (id: string) => ({ pk: `TASK#${id}`, sk: 'TASK' }),
  registryMeta: () => ({ pk: 'META', sk: 'REGISTRY' }),
  /** changes whenever that kind of record is written (readers' caches, shared/store/read-cache.ts). */
  dataMeta: (kind: DataKind) => ({ pk: 'META', sk: `VERSION#${kind}` }),
  status: (e: Pick<StatusEntry, 'taskId' | 'reportId' | 'rowId' | 'by'>) =>
    ({ pk: `TASK#${e.taskId}`, sk: `HIST#${e.reportId}#${e.rowId}#${e.by}` }),
  latest: (taskId: string, agencyId: string | undefined) => ({ pk: `TASK#${taskId}`, sk: `LATEST#${agencyId ?? '-'}` }),
  contact: (agencyId: string) => ({ pk: `AGENCY#${agencyId}`, sk: 'CONTACT' }),
  meeting: (id: string) => ({ pk: `MEETING#${id}`, sk: 'MEETING' }),
  digest: (id: string) => ({ pk: `DIGEST#${id}`, sk: 'DIGEST' }),
  campaign: (id: string) => ({ pk: `CAMPAIGN#${id}`, sk: 'CAMPAIGN' }),
  once: (key: string) => ({ pk: `ONCE#${key}`, sk: 'ONCE' }),
  recipient: (address: string) => ({ pk: `RECIPIENT#${address.toLowerCase()}`, sk: 'RECIPIENT' }),
  counter: (key: string) => ({ pk: `COUNTER#${key}`, sk: 'COUNTER' }),
  roundLink: (roundId: string, agencyId: string) => ({ pk: `ROUND#${roundId}`, sk: `LINK#${agencyId}` }),
  roundDraft: (roundId: string, agencyId: string) => ({ pk: `ROUND#${roundId}`, sk: `DRAFT#${agencyId}` }),
  /** per agency; same normalised text → same sort-key prefix (looked up without a scan). */
  decision: (d: Pick<DecisionRecord, 'agencyId' | 'textKey' | 'id'>) =>
    ({ pk: `DECISION#${d.agencyId}`, sk: `TEXT#${textHash(d.textKey)}#${d.id}` }),
};

/** "3.12" → "00003.000012" so rows sort by table, then row order. Non-numeric parts sort as text. */
function rowSortKey(rowId: string): string {
  return rowId.split('.').map((p) => (/^\d+$/.test(p) ? p.padStart(6, '0') : p)).join('.');
}

function strip(item: Item): Item {
  const out: Item = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRS.includes(k)) out[k] = v;
  return out;
}

function parseAll<T>(schema: z.ZodType<T>, items: Item[]): T[] {
  return items.map((i) => schema.parse(strip(i)));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function isConditionFailure(err: unknown): boolean {
  return err instanceof ConditionalCheckFailedException || (err as { name?: string })?.name === 'ConditionalCheckFailedException';
}

export function reportItem(r: Report): Item {
  const at = `${r.receivedAt}#${r.id}`;
  return {
    ...keys.report(r.id), type: 'report', ...r,
    gsi1pk: 'REPORTS', gsi1sk: at,
    ...(r.sha256 ? { gsi2pk: `SHA256#${r.sha256}`, gsi2sk: at } : {}),
    ...(r.agencyId ? { gsi3pk: `AGENCY#${r.agencyId}`, gsi3sk: at } : {}),
  };
}

export function rowItem(r: StoredRow): Item {
  const needsReview = r.match?.decision === 'review' && !r.override;
  return {
    ...keys.row(r.reportId, r.rowId), type: 'row', ...r,
    ...(needsReview ? { gsi1pk: 'REVIEW', gsi1sk: `${r.reportId}#${rowSortKey(r.rowId)}` } : {}),
  };
}

/** the "latest status per task and agency" item for an entry. */
function latestItem(e: StatusEntry): Item {
  return {
    ...keys.latest(e.taskId, e.agencyId), type: 'latest', ...e,
    gsi1pk: 'LATEST', gsi1sk: `${e.taskId}#${e.agencyId ?? '-'}`,
  };
}

export function dynamoStore(config: Config, doc: DynamoDBDocumentClient = documentClient(config)): Store {
  const TableName = config.tableName;

  async function queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const out: Item[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const res = await doc.send(new QueryCommand({ TableName, ...input, ExclusiveStartKey }));
      out.push(...((res.Items ?? []) as Item[]));
      ExclusiveStartKey = res.LastEvaluatedKey as Record<string, unknown> | undefined;
    } while (ExclusiveStartKey);
    return out;
  }

  async function get(key: { pk: string; sk: string }): Promise<Item | undefined> {
    const res = await doc.send(new GetCommand({ TableName, Key: key, ConsistentRead: true }));
    return res.Item as Item | undefined;
  }

  const newVersion = () => `${new Date().toISOString()}#${Math.random().toString(36).slice(2, 10)}`;
  /** after a write of that kind: a new version, so every reader's cache of it is stale. */
  async function bump(kind: DataKind): Promise<void> {
    await doc.send(new PutCommand({ TableName, Item: { ...keys.dataMeta(kind), type: 'meta', version: newVersion() } }));
  }

  /** put only when no item has that key; false when one exists. */
  /** a task's status entries, oldest first (report date, then recorded time). */
  async function history(taskId: string): Promise<StatusEntry[]> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':p': `TASK#${taskId}`, ':s': 'HIST#' },
    });
    return parseAll(StatusEntry, items).sort(
      (a, b) => a.reportDate.localeCompare(b.reportDate) || a.recordedAt.localeCompare(b.recordedAt),
    );
  }

  async function putNew(item: Item): Promise<boolean> {
    try {
      await doc.send(new PutCommand({ TableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /** BatchWrite in chunks of 25, retrying UnprocessedItems with exponential backoff. */
  async function batchPut(items: Item[]): Promise<void> {
    for (let i = 0; i < items.length; i += 25) {
      let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests.length; attempt++) {
        if (attempt > 10) throw new Error(`BatchWrite: ${requests.length} items still unprocessed after ${attempt} attempts`);
        if (attempt > 0) await sleep(Math.min(2000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2));
        const res = await doc.send(new BatchWriteCommand({ RequestItems: { [TableName]: requests } }));
        requests = (res.UnprocessedItems?.[TableName] ?? []) as typeof requests;
      }
    }
  }

  function byReceived(a: Report, b: Report): number {
    return a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id);
  }

  const reportsBySha256 = async (sha256: string): Promise<Report[]> => {
    const items = await queryAll({
      IndexName: GSI2, KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': `SHA256#${sha256}` },
    });
    return parseAll(Report, items).sort(byReceived);
  };

  return {
    async createReport(report) {
      const created = await putNew(reportItem(Report.parse(report)));
      if (created) await bump('reports');
      return created;
    },

    async updateReport(id, patch) {
      // read-merge-write guarded on existence; a report has one writer at a time (the idempotent ingest path)
      const current = await get(keys.report(id));
      if (!current) throw new Error(`report ${id} not found`);
      const merged = Report.parse({ ...strip(current), ...patch, id });
      await doc.send(new PutCommand({ TableName, Item: reportItem(merged), ConditionExpression: 'attribute_exists(pk)' }));
      await bump('reports');
    },

    async getReport(id) {
      const item = await get(keys.report(id));
      return item ? Report.parse(strip(item)) : undefined;
    },

    async listReports(opts = {}) {
      const range = opts.since || opts.until;
      const since = opts.since ?? '';
      const until = `${opts.until ?? '9999'}\uffff`;
      const input: Omit<QueryCommandInput, 'TableName'> = opts.agencyId
        ? {
            IndexName: GSI3,
            KeyConditionExpression: range ? 'gsi3pk = :p AND gsi3sk BETWEEN :a AND :b' : 'gsi3pk = :p',
            ExpressionAttributeValues: { ':p': `AGENCY#${opts.agencyId}`, ...(range ? { ':a': since, ':b': until } : {}) },
          }
        : {
            IndexName: GSI1,
            KeyConditionExpression: range ? 'gsi1pk = :p AND gsi1sk BETWEEN :a AND :b' : 'gsi1pk = :p',
            ExpressionAttributeValues: { ':p': 'REPORTS', ...(range ? { ':a': since, ':b': until } : {}) },
          };
      return parseAll(Report, await queryAll(input)).sort(byReceived);
    },

    async findReportBySha256(sha256) {
      return (await reportsBySha256(sha256))[0];
    },

    listReportsBySha256: (sha256) => reportsBySha256(sha256),

    async putRows(rows) {
      await batchPut(rows.map((r) => rowItem(StoredRow.parse(r))));
      if (rows.length) await bump('rows');
    },

    async listRows(reportId) {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': `REPORT#${reportId}`, ':s': 'ROW#' },
      });
      return parseAll(StoredRow, items);
    },

    async getRow(reportId, rowId) {
      const item = await get(keys.row(reportId, rowId));
      return item ? StoredRow.parse(strip(item)) : undefined;
    },

    async listReviewRows() {
      const items = await queryAll({
        IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'REVIEW' },
      });
      return parseAll(StoredRow, items);
    },

    async putTasks(tasks) {
      await batchPut(tasks.map((t) => {
        const task = Task.parse(t);
        return { ...keys.task(task.id), type: 'task', ...task, gsi1pk: 'TASKS', gsi1sk: `${task.directive.number}#${task.id}` };
      }));
      if (tasks.length) {
        await doc.send(new PutCommand({ TableName, Item: { ...keys.registryMeta(), type: 'meta', version: newVersion() } }));
      }
    },

    async registryVersion() {
      const item = await get(keys.registryMeta());
      return typeof item?.version === 'string' ? item.version : undefined;
    },

    async dataVersion(kind) {
      const item = await get(keys.dataMeta(kind));
      return typeof item?.version === 'string' ? item.version : undefined;
    },

    async listTasks(opts = {}) {
      const items = await queryAll({
        IndexName: GSI1,
        KeyConditionExpression: opts.directive ? 'gsi1pk = :p AND begins_with(gsi1sk, :d)' : 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': 'TASKS', ...(opts.directive ? { ':d': `${opts.directive}#` } : {}) },
      });
      return parseAll(Task, items);
    },

    async getTask(id) {
      const item = await get(keys.task(id));
      return item ? Task.parse(strip(item)) : undefined;
    },

    async appendStatus(entry) {
      const e = StatusEntry.parse(entry);
      const hist = { ...keys.status(e), type: 'status', ...e };
      if (e.by === 'matcher') {
        // first write wins: re-processing the same report/row changes nothing (nor "latest")
        if (!(await putNew(hist))) return;
      } else {
        // a secretariat correction replaces its own earlier correction of that row
        await doc.send(new PutCommand({ TableName, Item: hist }));
      }
      // move "latest per task and agency" forward only when this entry is newer (report date, then recorded time)
      try {
        await doc.send(new PutCommand({
          TableName, Item: latestItem(e),
          ConditionExpression:
            'attribute_not_exists(pk) OR reportDate < :d OR (reportDate = :d AND recordedAt <= :r)',
          ExpressionAttributeValues: { ':d': e.reportDate, ':r': e.recordedAt },
        }));
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
      }
      await bump('status');
    },

    statusHistory: history,

    async retractStatus(ref, at) {
      const item = await get(keys.status(ref));
      if (!item) return;
      const entry = StatusEntry.parse(strip(item));
      if (!entry.retractedAt) await doc.send(new PutCommand({ TableName, Item: { ...item, retractedAt: at } }));
      // "latest" for that task and agency: the newest entry still standing
      const agency = entry.agencyId ?? '-';
      const standing = (await history(entry.taskId))
        .filter((h) => (h.agencyId ?? '-') === agency && !h.retractedAt);
      const newest = standing[standing.length - 1];
      if (newest) await doc.send(new PutCommand({ TableName, Item: latestItem(newest) }));
      else await doc.send(new DeleteCommand({ TableName, Key: keys.latest(entry.taskId, entry.agencyId) }));
      await bump('status');
    },

    async latestStatuses() {
      const items = await queryAll({
        IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'LATEST' },
      });
      return parseAll(StatusEntry, items);
    },

    async putDecision(decision) {
      const d = DecisionRecord.parse(decision);
      await doc.send(new PutCommand({
        TableName,
        Item: {
          ...keys.decision(d), type: 'decision', ...d, gsi1pk: 'DECISIONS', gsi1sk: `${d.at}#${d.id}`,
          // every agency's decisions on one normalised text, by key (another agency's decision is a feature)
          gsi2pk: `DECTEXT#${textHash(d.textKey)}`, gsi2sk: `${d.agencyId}#${d.at}#${d.id}`,
        },
      }));
    },

    async listDecisionsByText(textKey) {
      const items = await queryAll({
        IndexName: GSI2, KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': `DECTEXT#${textHash(textKey)}` },
      });
      return parseAll(DecisionRecord, items).filter((d) => d.textKey === textKey).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
    },

    async listDecisions(opts = {}) {
      const items = opts.agencyId
        ? await queryAll({
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
          ExpressionAttributeValues: {
            ':p': `DECISION#${opts.agencyId}`,
            ':s': opts.textKey !== undefined ? `TEXT#${textHash(opts.textKey)}#` : 'TEXT#',
          },
        })
        : await queryAll({ IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'DECISIONS' } });
      const out = parseAll(DecisionRecord, items).filter((d) => opts.textKey === undefined || d.textKey === opts.textKey);
      return out.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
    },

    async setContact(contact) {
      const c = AgencyContact.parse(contact);
      await doc.send(new PutCommand({
        TableName, Item: { ...keys.contact(c.agencyId), type: 'contact', ...c, gsi1pk: 'CONTACTS', gsi1sk: c.agencyId },
      }));
      await bump('contacts');
    },

    async listContacts() {
      const items = await queryAll({
        IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'CONTACTS' },
      });
      return parseAll(AgencyContact, items);
    },

    async putMeeting(meeting) {
      const m = Meeting.parse(meeting);
      await doc.send(new PutCommand({
        TableName, Item: { ...keys.meeting(m.id), type: 'meeting', ...m, gsi1pk: 'MEETINGS', gsi1sk: `${m.date}#${m.id}` },
      }));
      await bump('meetings');
    },

    async listMeetings() {
      const items = await queryAll({
        IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'MEETINGS' },
      });
      return parseAll(Meeting, items);
    },

    async removeMeeting(id) {
      try {
        await doc.send(new DeleteCommand({ TableName, Key: keys.meeting(id), ConditionExpression: 'attribute_exists(pk)' }));
        await bump('meetings');
        return true;
      } catch (err) {
        if (isConditionFailure(err)) return false;
        throw err;
      }
    },

    async markDigestSent(record) {
      const d = DigestRecord.parse(record);
      const created = await putNew({ ...keys.digest(d.id), type: 'digest', ...d, gsi1pk: 'DIGESTS', gsi1sk: `${d.asOf}#${d.id}` });
      if (created) await bump('meetings');
      return created;
    },

    async listDigests() {
      const items = await queryAll({
        IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'DIGESTS' },
      });
      return parseAll(DigestRecord, items);
    },

    async putCampaign(campaign) {
      const c = Campaign.parse(campaign);
      await doc.send(new PutCommand({
        TableName, Item: { ...keys.campaign(c.id), type: 'campaign', ...c, gsi1pk: 'CAMPAIGNS', gsi1sk: `${c.deadline}#${c.id}` },
      }));
    },

    async listCampaigns() {
      const items = await queryAll({
        IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'CAMPAIGNS' },
      });
      return parseAll(Campaign, items);
    },

    async claimOnce(key, at) {
      return putNew({ ...keys.once(key), type: 'once', key, at });
    },

    async putRoundLink(link) {
      const l = RoundLink.parse(link);
      await doc.send(new PutCommand({ TableName, Item: { ...keys.roundLink(l.roundId, l.agencyId), type: 'round-link', ...l } }));
    },

    async getRoundLink(agencyId, roundId) {
      const res = await doc.send(new GetCommand({ TableName, Key: keys.roundLink(roundId, agencyId) }));
      return res.Item ? RoundLink.parse(strip(res.Item)) : undefined;
    },

    async putRoundDraft(draft) {
      const d = RoundDraft.parse(draft);
      await doc.send(new PutCommand({ TableName, Item: { ...keys.roundDraft(d.roundId, d.agencyId), type: 'round-draft', ...d } }));
    },

    async getRoundDraft(agencyId, roundId) {
      const res = await doc.send(new GetCommand({ TableName, Key: keys.roundDraft(roundId, agencyId) }));
      return res.Item ? RoundDraft.parse(strip(res.Item)) : undefined;
    },

    async getRecipient(address) {
      const res = await doc.send(new GetCommand({ TableName, Key: keys.recipient(address) }));
      return res.Item ? Recipient.parse(strip(res.Item)) : undefined;
    },

    async putRecipient(recipient) {
      const r = Recipient.parse(recipient);
      await doc.send(new PutCommand({
        TableName, Item: { ...keys.recipient(r.address), type: 'recipient', ...r, gsi1pk: 'RECIPIENTS', gsi1sk: r.address },
      }));
      await bump('recipients');
    },

    async listRecipients() {
      const items = await queryAll({
        IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'RECIPIENTS' },
      });
      return parseAll(Recipient, items);
    },

    async bumpCounter(key, at) {
      const res = await doc.send(new UpdateCommand({
        TableName, Key: keys.counter(key),
        UpdateExpression: 'ADD #n :one SET #t = :type, #at = :at',
        ExpressionAttributeNames: { '#n': 'n', '#t': 'type', '#at': 'at' },
        ExpressionAttributeValues: { ':one': 1, ':type': 'counter', ':at': at },
        ReturnValues: 'UPDATED_NEW',
      }));
      return Number(res.Attributes?.n ?? 1);
    },
  };
}
