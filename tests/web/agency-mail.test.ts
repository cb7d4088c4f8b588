/** The console's agency page says, per report address, whether our mail reaches it (#20). */
import { beforeAll, expect, it } from 'vitest';
import { createConsole } from '#web/app';
import { localAuth } from '#web/auth';
import { noteMailEvent } from '#shared/recipients/health';
import { useLocalStack } from '#testkit/local-stack';

const env = useLocalStack({ deliverEvents: false });
const TOKEN = 'secretariat-token-mail-0123456789abcdef';
const ORIGIN = 'http://console.test';
let app: ReturnType<typeof createConsole>;

beforeAll(async () => {
  app = createConsole({
    store: env.store, blobs: env.blobs, mailer: env.mailer, config: env.config, now: () => new Date('2024-06-17T03:00:00Z'),
    auth: localAuth({ tokens: { [TOKEN]: { name: 'Thư ký', groups: ['secretariat'] } } }),
  });
  await env.store.setContact({ agencyId: 'bo-tu-phap', emails: ['vanphong@moj.gov.vn', 'canbo.cu@moj.gov.vn'], domains: [] });
  await noteMailEvent({ address: 'canbo.cu@moj.gov.vn', kind: 'bounce', at: '2024-06-12T01:00:00Z', source: 'ses', status: '5.1.1' }, { store: env.store });
});

it('marks the bouncing address and leaves the other as it is', async () => {
  const res = await app.request(`${ORIGIN}/dang-nhap?token=${TOKEN}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const page = await (await app.request(`${ORIGIN}/co-quan/bo-tu-phap`, { headers: { cookie } })).text();
  expect(page).toContain('Tình trạng nhận thư');
  expect(page).toMatch(/canbo\.cu@moj\.gov\.vn: không nhận được thư[^<]*— <strong>hệ thống không gửi thư đến địa chỉ này<\/strong> \(từ 12\/06\/2024\)/);
  expect(page).toContain('vanphong@moj.gov.vn: chưa có sự kiện gửi thư');
});
