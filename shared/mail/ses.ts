/**
 * The Mailer port over SESv2 SendEmail (Content.Raw). Locally the SDK's AWS_ENDPOINT_URL_SESV2 points at
 * aws-ses-v2-local.
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Config } from '#shared/config';
import { composeMime, type Mailer } from './mailer';

export function sesMailer(config: Config, client = new SESv2Client({ region: config.region, maxAttempts: 5 })): Mailer {
  return {
    async send(mail) {
      const { raw, rfcMessageId, fromAddress } = await composeMime(mail, config.senderAddress);
      // the bare address also as FromEmailAddress: IAM's ses:FromAddress condition is checked against it
      const res = await client.send(new SendEmailCommand({
        FromEmailAddress: fromAddress, Content: { Raw: { Data: raw } },
        ...(config.configurationSet ? { ConfigurationSetName: config.configurationSet } : {}),
      }));
      return { messageId: res.MessageId ?? rfcMessageId, rfcMessageId };
    },
  };
}
