/** The CDK shape of the tables defined once in shared/store/schema.ts (the local stack builds from the same data). */
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { IDEMPOTENCY_TABLE, MAIN_TABLE, type KeyAttribute, type TableDefinition } from '#shared/store/schema';

const TYPES: Record<KeyAttribute['type'], dynamodb.AttributeType> = {
  S: dynamodb.AttributeType.STRING,
  N: dynamodb.AttributeType.NUMBER,
  B: dynamodb.AttributeType.BINARY,
};
const attr = (a: KeyAttribute): dynamodb.Attribute => ({ name: a.name, type: TYPES[a.type] });

function toCdk(def: TableDefinition) {
  return {
    partitionKey: attr(def.partitionKey),
    sortKey: def.sortKey ? attr(def.sortKey) : undefined,
    timeToLiveAttribute: def.timeToLiveAttribute,
    globalSecondaryIndexes: def.globalSecondaryIndexes.map((g) => ({
      indexName: g.indexName,
      partitionKey: attr(g.partitionKey),
      sortKey: attr(g.sortKey),
    })),
  };
}

export function tableDefinitions() {
  return { main: toCdk(MAIN_TABLE), idempotency: toCdk(IDEMPOTENCY_TABLE) };
}
