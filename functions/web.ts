/**
 * Console function: API Gateway HTTP API → the console (web/app.ts) through hono/aws-lambda. Wiring only: the
 * adapters from the environment, Cognito for who is asking. Nothing of the requests' content is logged.
 */
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '#shared/config';
import { sesMailer } from '#shared/mail/ses';
import { s3Blobs } from '#shared/store/s3';
import { dynamoStore } from '#shared/store/dynamo';
import { createConsole } from '../web/app';
import { cognitoAuth } from '../web/cognito';
import { perEnvironment } from './commons/wiring';

const wiring = perEnvironment(() => {
  const config = loadConfig(process.env);
  const app = createConsole({ config, store: dynamoStore(config), blobs: s3Blobs(config), mailer: sesMailer(config), auth: cognitoAuth(process.env) });
  return handle(app);
});

export const handler: ReturnType<typeof handle> = (event, context) => wiring()(event, context);
