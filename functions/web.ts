/**
 * Console function: API Gateway HTTP API → the console (web/app.ts) through hono/aws-lambda. Wiring only: the
 * adapters from the environment, Cognito for who is asking, the CSRF key read once from Secrets Manager
 * (CONSOLE_SECRET_ARN; the value is never in the environment), originals downloaded through presigned GETs,
 * the agency page's uploads sent through presigned POSTs.
 * Nothing of the requests' content is logged.
 */
import { handle } from 'hono/aws-lambda';
import { consoleSecretSetting, loadConfig } from '#shared/config';
import { sesMailer } from '#shared/mail/ses';
import { s3Blobs } from '#shared/store/s3';
import { dynamoStore } from '#shared/store/dynamo';
import { s3DownloadLinks, s3UploadLinks } from '#shared/store/presign';
import { withReadCache } from '#shared/store/read-cache';
import { readSecret } from '#shared/store/secrets';
import { withAgencyLinkSecret } from '#shared/rounds/secret';
import { createConsole } from '../web/app';
import { cognitoAuth } from '../web/cognito';
import { perEnvironment } from './commons/wiring';

async function build() {
  // the agencies' round links are signed with their own key (AGENCY_LINK_SECRET_ARN), read at the same cold start
  const config = await withAgencyLinkSecret(loadConfig(process.env));
  const { secretArn, secret } = consoleSecretSetting(process.env);
  const env = { ...process.env };
  env.CONSOLE_SECRET = secretArn ? await readSecret(config, secretArn) : secret;
  const blobs = s3Blobs(config);
  const links = s3DownloadLinks(config);
  const app = createConsole({
    config, store: withReadCache(dynamoStore(config)), blobs, mailer: sesMailer(config),
    auth: cognitoAuth(env),
    // the agency page's uploads go straight to S3 (a Lambda request body is capped near 6 MB)
    uploadLinks: s3UploadLinks(config),
    // a link only for a file still there (otherwise the page says it is gone)
    originalUrl: async (r) => ((await blobs.head(r.key, r.versionId ? { versionId: r.versionId } : undefined))
      ? links.url(r.key, { versionId: r.versionId, fileName: r.fileName })
      : undefined),
  });
  return handle(app);
}

// built once per cold start; a failed start (the secret unreadable) is tried again on the next request
const wiring = perEnvironment(() => {
  let built: ReturnType<typeof build> | undefined;
  return () => (built ??= build().catch((err: unknown) => {
    built = undefined;
    throw err;
  }));
});

export const handler: ReturnType<typeof handle> = async (event, context) => (await wiring()())(event, context);
