import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { composeMime } from '#shared/mail/mailer';
import { useLocalStack } from '#testkit/local-stack';

const env = useLocalStack({ deliverEvents: false });

describe('blobs (S3 via s3rver)', () => {
  it('puts and gets bytes exactly, with content type and Vietnamese metadata', async () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    const key = 'uploads/bo-tu-phap/Báo cáo 6 tháng.docx';
    const put = await env.blobs.put(key, bytes, { contentType: 'application/pdf', metadata: { agency: 'Bộ Tư pháp' } });
    const got = await env.blobs.get(key);
    expect(got).toBeDefined();
    expect(Buffer.from(got!.bytes).equals(Buffer.from(bytes))).toBe(true); // no chunk framing stored
    expect(got!.size).toBe(bytes.length);
    expect(got!.contentType).toBe('application/pdf');
    expect(got!.metadata.agency).toBe('Bộ Tư pháp');
    expect(got!.etag).toBe(put.etag);
    const head = await env.blobs.head(key);
    expect(head).toMatchObject({ size: bytes.length, etag: put.etag });
  });

  it('answers undefined for a missing object', async () => {
    expect(await env.blobs.get('uploads/none.docx')).toBeUndefined();
    expect(await env.blobs.head('uploads/none.docx')).toBeUndefined();
  });

  it('copies and lists by prefix', async () => {
    await env.blobs.put('uploads/a/x.txt', 'một');
    await env.blobs.copy('uploads/a/x.txt', 'quarantine/r1/x.txt');
    const listed = await env.blobs.list('quarantine/');
    expect(listed.map((b) => b.key)).toContain('quarantine/r1/x.txt');
    expect(Buffer.from((await env.blobs.get('quarantine/r1/x.txt'))!.bytes).toString('utf8')).toBe('một');
    expect((await env.blobs.list('uploads/a/')).every((b) => b.key.startsWith('uploads/a/'))).toBe(true);
  });
});

describe('mailer (SESv2 raw MIME via aws-ses-v2-local)', () => {
  it('builds raw MIME with threading headers and attachments', async () => {
    const { raw, rfcMessageId } = await composeMime({
      from: 'tong-hop@de-an-06.local', to: ['a@moj.gov.vn'], subject: 'Xác nhận đã nhận báo cáo', text: 'Đã nhận.',
      inReplyTo: '<goc@moj.gov.vn>', references: ['<goc@moj.gov.vn>'],
      attachments: [{ filename: 'kết quả.xlsx', content: new Uint8Array([1, 2, 3]), contentType: 'application/octet-stream' }],
    });
    const parsed = await simpleParser(raw);
    expect(parsed.inReplyTo).toBe('<goc@moj.gov.vn>');
    expect(parsed.references).toContain('<goc@moj.gov.vn>');
    expect(parsed.messageId).toBe(rfcMessageId);
    expect(parsed.subject).toBe('Xác nhận đã nhận báo cáo');
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['kết quả.xlsx']);
  });

  it('sends through SES and the mail arrives in the local SES store', async () => {
    const sent = await env.mailer.send({
      to: 'to-cong-tac@de-an-06.local', subject: 'Tổng hợp trước phiên họp', text: 'Nội dung', html: '<p>Nội dung</p>',
      attachments: [{ filename: 'tong-hop.csv', content: 'a,b\n1,2\n' }],
    });
    const mail = env.stack.sentMail().find((m) => m.messageId === sent.messageId);
    expect(mail).toBeDefined();
    expect(mail!.subject).toBe('Tổng hợp trước phiên họp');
    expect(mail!.from).toContain(env.config.senderAddress);
    expect(mail!.attachments.map((a) => a.filename)).toEqual(['tong-hop.csv']);
  });

  it('sends with a Vietnamese display name in From', async () => {
    const sent = await env.mailer.send({ from: 'Tổ công tác Đề án 06 <tong-hop@de-an-06.local>', to: 'a@b.vn', subject: 'Thử', text: 'x' });
    const mail = env.stack.sentMail().find((m) => m.messageId === sent.messageId);
    expect(mail!.from).toContain('tong-hop@de-an-06.local');
    expect(mail!.from).toContain('Tổ công tác');
  });

  it('refuses a mail without a recipient', async () => {
    await expect(env.mailer.send({ to: [], subject: 's', text: 't' } as never)).rejects.toThrow();
  });
});
