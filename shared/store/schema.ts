/**
 * The DynamoDB tables, as plain data. The embedded local stack (local/stack.ts) and the CDK stack (infra/)
 * both build their tables from these definitions, so the two never drift.
 *
 * Single-table design for the domain (see README "DynamoDB keys and access patterns"):
 *   pk / sk            the item's own key (REPORT#id / REPORT, REPORT#id / ROW#…, TASK#id / TASK, …)
 *   gsi1pk / gsi1sk    collections in order: REPORTS by received time, TASKS by directive, REVIEW rows (sparse),
 *                      LATEST status per task and agency, MEETINGS, CONTACTS, DIGESTS
 *   gsi2pk / gsi2sk    look-ups by content: SHA256#<hash> → reports with that file content; DECTEXT#<hash> → every
 *                      agency's decisions on that normalised text
 *   gsi3pk / gsi3sk    per agency: AGENCY#<id> → its reports by received time
 * The idempotency table is Powertools' own layout (id + expiration TTL).
 */

export type AttributeType = 'S' | 'N' | 'B';

export interface KeyAttribute {
  name: string;
  type: AttributeType;
}

export interface IndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  /** every index projects all attributes. */
  projection: 'ALL';
}

export interface TableDefinition {
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  globalSecondaryIndexes: IndexDefinition[];
  /** TTL attribute (epoch seconds); dynalite ignores TTL, DynamoDB enforces it. */
  timeToLiveAttribute?: string;
}

const S = (name: string): KeyAttribute => ({ name, type: 'S' });

export const GSI1 = 'gsi1';
export const GSI2 = 'gsi2';
export const GSI3 = 'gsi3';

/** The domain table (TABLE_NAME). */
export const MAIN_TABLE: TableDefinition = {
  partitionKey: S('pk'),
  sortKey: S('sk'),
  globalSecondaryIndexes: [
    { indexName: GSI1, partitionKey: S('gsi1pk'), sortKey: S('gsi1sk'), projection: 'ALL' },
    { indexName: GSI2, partitionKey: S('gsi2pk'), sortKey: S('gsi2sk'), projection: 'ALL' },
    { indexName: GSI3, partitionKey: S('gsi3pk'), sortKey: S('gsi3sk'), projection: 'ALL' },
  ],
};

/** Powertools idempotency persistence (IDEMPOTENCY_TABLE_NAME): its default key `id` and TTL `expiration`. */
export const IDEMPOTENCY_TABLE: TableDefinition = {
  partitionKey: S('id'),
  globalSecondaryIndexes: [],
  timeToLiveAttribute: 'expiration',
};

/** Every attribute that appears in a key schema of the table or one of its indexes. */
export function keyAttributes(def: TableDefinition): KeyAttribute[] {
  const all = [def.partitionKey, ...(def.sortKey ? [def.sortKey] : [])];
  for (const g of def.globalSecondaryIndexes) all.push(g.partitionKey, g.sortKey);
  const seen = new Set<string>();
  return all.filter((a) => (seen.has(a.name) ? false : (seen.add(a.name), true)));
}

/** The CreateTable input (DynamoDB API shape, on-demand) for a definition — used by the local stack. */
export function createTableInput(tableName: string, def: TableDefinition) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: keyAttributes(def).map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
    KeySchema: [
      { AttributeName: def.partitionKey.name, KeyType: 'HASH' as const },
      ...(def.sortKey ? [{ AttributeName: def.sortKey.name, KeyType: 'RANGE' as const }] : []),
    ],
    ...(def.globalSecondaryIndexes.length
      ? {
          GlobalSecondaryIndexes: def.globalSecondaryIndexes.map((g) => ({
            IndexName: g.indexName,
            KeySchema: [
              { AttributeName: g.partitionKey.name, KeyType: 'HASH' as const },
              { AttributeName: g.sortKey.name, KeyType: 'RANGE' as const },
            ],
            Projection: { ProjectionType: g.projection },
          })),
        }
      : {}),
  };
}
