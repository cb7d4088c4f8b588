/**
 * Tổng quan — the headline numbers as of a chosen date, late tasks by when they became late, the current reporting
 * round (who has reported, who not yet with their contacts, the deadline), and three charts where a picture reads
 * faster (status by section, reports received per day, agencies by completion), each bar linking to the list
 * behind it. The numbers are the digest's own (shared/digest buildDigest), so the page and the email never
 * disagree; the round is the campaign `intake templates send` recorded (shared/templates currentRound).
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { buildDigest, DIGEST_READS } from '#shared/digest';
import type { Store } from '#shared/store/records';
import { currentRound } from '#shared/templates';
import { waitingRows } from '#shared/review/queue';
import { DayArg } from '#shared/deadlines';
import { addDays, vnToday, viDate, viDateTime } from '#shared/domain/dates';
import { CATEGORY_LABEL, type CategoryKey } from '#shared/domain/labels';
import type { AppEnv } from '../auth';
import type { Deps } from '../deps';
import { html, page, type Html } from '../html';
import { validate } from '../validate';
import { barChart, type Bar } from '../charts';
import { agencyName } from '../names';
import { opt, reportHref, taskHref } from './common';

const HomeQuery = z.object({ asOf: opt(DayArg) });
const CATEGORIES: CategoryKey[] = ['completed', 'overdue', 'inProgress', 'recurring'];
/** days shown on "reports received per day". */
const DAYS = 14;
/** the page's numbers come from these kinds of records only (the digest's, plus the review queue's rows and reports). */
const OVERVIEW_READS = DIGEST_READS;

const qs = (q: Record<string, string | undefined>) => new URLSearchParams(Object.entries(q).filter(([, v]) => v) as Array<[string, string]>).toString();
const agencyHref = (id: string) => `/co-quan/${encodeURIComponent(id)}`;

/** The completion groups of "agencies by completion": share of its own tasks it reports completed. */
const GROUPS = [
  { key: 'none', label: 'Chưa báo cáo', test: (_p: number, reported: boolean) => !reported },
  { key: 'low', label: 'Dưới 50%', test: (p: number, r: boolean) => r && p < 0.5 },
  { key: 'mid', label: 'Từ 50% đến dưới 100%', test: (p: number, r: boolean) => r && p >= 0.5 && p < 1 },
  { key: 'all', label: '100%', test: (p: number, r: boolean) => r && p >= 1 },
] as const;

function roundSection(round: Awaited<ReturnType<typeof currentRound>>): Html {
  if (!round) return html`<h2>Đợt báo cáo hiện tại</h2><p>Chưa có đợt báo cáo nào (chưa gửi mẫu báo cáo bằng <code>intake templates send</code>).</p>`;
  const c = round.campaign;
  const total = round.reported.length + round.pending.length;
  const when = round.daysLeft > 0 ? `còn ${round.daysLeft} ngày` : round.daysLeft === 0 ? 'hạn là hôm nay' : `đã quá hạn ${-round.daysLeft} ngày`;
  return html`<h2>Đợt báo cáo hiện tại: ${c.period}</h2>
<p>Hạn nộp: <strong>${viDate(c.deadline)}</strong> (${when}); mẫu gửi lúc ${viDateTime(c.sentAt)}. Đã báo cáo: <strong>${round.reported.length}/${total}</strong> cơ quan; chưa báo cáo: <strong>${round.pending.length}</strong>.</p>
${round.pending.length ? html`<table><caption>Chưa báo cáo (${round.pending.length})</caption><thead><tr><th scope="col">Cơ quan</th><th scope="col">Địa chỉ liên hệ</th></tr></thead><tbody>
${round.pending.map((p) => html`<tr><td><a href="${agencyHref(p.agencyId)}">${agencyName(p.agencyId)}</a></td><td>${p.emails.join(', ') || 'chưa có'}</td></tr>`)}</tbody></table>` : html`<p>Mọi cơ quan của đợt đã báo cáo.</p>`}
${round.reported.length ? html`<details><summary>Đã báo cáo (${round.reported.length})</summary><ul>${round.reported.map((r) => html`<li><a href="${agencyHref(r.agencyId)}">${agencyName(r.agencyId)}</a>: ${r.reports.map((x, i) => html`${i ? ', ' : ''}<a href="${reportHref(x.id)}">${x.fileName}</a> (${viDateTime(x.receivedAt)})`)}</li>`)}</ul></details>` : ''}`;
}

/**
 * The page apart from the current round, computed once per state of the records it reads and per date (through the
 * read cache's memo; without one, per request): the digest, the review queue, the registry and the reports, each
 * read once and shared by the numbers and the charts.
 */
async function overview(store: Store, asOf: string, now: Date): Promise<{ head: Html; rest: Html }> {
  // one read of each list, shared by the numbers and the three charts
  const [review, d, tasks, reports] = await Promise.all([
    waitingRows(store), buildDigest({ store, asOf, now }), store.listTasks(), store.listReports({ since: addDays(asOf, -DAYS) }),
  ]);
  const waiting = review.length;
  const t = d.totals;

  // status by section: the digest's category of each task, grouped by directive and section
  const whereOf = new Map(tasks.map((x) => [x.id, { directive: x.directive.number, section: x.section?.code ?? '' }]));
  const bySection = new Map<string, { directive: string; section: string; n: Record<CategoryKey, number> }>();
  for (const line of d.tasks) {
    const { directive, section } = whereOf.get(line.taskId) ?? { directive: line.directive, section: '' };
    const k = `${directive}#${section}`;
    const e = bySection.get(k) ?? { directive, section, n: { completed: 0, overdue: 0, inProgress: 0, recurring: 0 } };
    e.n[line.category]++;
    bySection.set(k, e);
  }
  const asOfQ = viDate(asOf);
  const sectionBars: Bar[] = [...bySection.values()]
    .sort((a, b) => a.directive.localeCompare(b.directive, 'vi', { numeric: true }) || a.section.localeCompare(b.section, 'vi', { numeric: true }))
    .map((e) => ({
      label: `${e.directive}${e.section ? ` · mục ${e.section}` : ''}`,
      segments: CATEGORIES.map((k) => ({ kind: `chart-${k}`, label: CATEGORY_LABEL[k], value: e.n[k], href: `/nhiem-vu?${qs({ directive: e.directive, section: e.section || undefined, category: k, asOf: asOfQ })}` })),
    }));

  // reports received per day (Việt Nam calendar), the last DAYS days up to the chosen date
  const perDay = new Map<string, number>();
  for (const r of reports) {
    if (r.withdrawn) continue;
    const day = vnToday(r.receivedAt);
    if (day <= asOf) perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  const dayBars: Bar[] = Array.from({ length: DAYS }, (_, i) => addDays(asOf, i - DAYS + 1)).map((day) => ({
    label: viDate(day), segments: [{ kind: 'chart-reports', label: 'Báo cáo nhận được', value: perDay.get(day) ?? 0, href: `/bao-cao?${qs({ ngay: viDate(day) })}` }],
  }));

  // agencies by completion: the share of an agency's own tasks it reports completed
  const expected = d.agencies.filter((a) => a.expected || a.reported);
  const grouped = GROUPS.map((g) => ({ ...g, agencies: expected.filter((a) => g.test(a.counts.tasks ? a.counts.completed / a.counts.tasks : 0, a.reported)) }));
  const groupBars: Bar[] = grouped.map((g) => ({ label: g.label, segments: [{ kind: `chart-group-${g.key}`, label: 'Cơ quan', value: g.agencies.length, href: `#nhom-${g.key}` }] }));

  const head = await html`<form method="get" action="/"><label for="asOf">Số liệu đến ngày</label> <input type="text" id="asOf" name="asOf" value="${viDate(asOf)}" size="10" maxlength="10" placeholder="dd/mm/yyyy"> <button type="submit">Xem</button></form>
<h2>Số liệu chính</h2>
<table><tbody>
<tr><th scope="row">Tổng số nhiệm vụ</th><td><a href="/nhiem-vu">${t.tasks}</a></td></tr>
${CATEGORIES.map((k) => html`<tr><th scope="row">${CATEGORY_LABEL[k]}</th><td><a href="/nhiem-vu?${qs({ category: k, asOf: asOfQ })}">${t[k]}</a></td></tr>`)}
<tr><th scope="row">Chưa có báo cáo</th><td><a href="/nhiem-vu?status=none">${t.noReport}</a></td></tr>
<tr><th scope="row">Dòng cần xem xét</th><td><a href="/xem-xet">${waiting}</a></td></tr>
</tbody></table>`;
  const rest = await html`<h2>Nhiệm vụ chậm muộn theo thời điểm</h2>
${d.lateGroups.length ? html`<ul>${d.lateGroups.map((g) => html`<li>${g.label}: ${g.tasks.length} nhiệm vụ — ${g.tasks.slice(0, 10).map((x, i) => html`${i ? ', ' : ''}<a href="${taskHref(x.taskId)}">${x.taskId}</a>`)}${g.tasks.length > 10 ? ' …' : ''}</li>`)}</ul>` : html`<p>Không có nhiệm vụ chậm muộn.</p>`}
<h2>Biểu đồ</h2>
<h3>Tình trạng theo mục</h3>
${sectionBars.length ? barChart({ id: 'theo-muc', title: `Tình trạng nhiệm vụ theo mục, đến ngày ${viDate(asOf)}`, desc: 'Mỗi thanh là một mục của văn bản giao, chia theo tình trạng; bấm một phần để xem danh sách nhiệm vụ.', bars: sectionBars, unit: 'nhiệm vụ' }) : html`<p>Chưa có nhiệm vụ.</p>`}
<h3>Báo cáo nhận được theo ngày</h3>
${barChart({ id: 'theo-ngay', title: `Báo cáo nhận được mỗi ngày, ${DAYS} ngày đến ${viDate(asOf)}`, desc: 'Mỗi thanh là một ngày; bấm để xem các báo cáo nhận trong ngày đó.', bars: dayBars, unit: 'báo cáo' })}
<h3>Cơ quan theo mức hoàn thành</h3>
${barChart({ id: 'muc-hoan-thanh', title: 'Cơ quan theo tỷ lệ nhiệm vụ đã hoàn thành', desc: 'Mỗi thanh là một nhóm cơ quan có nhiệm vụ; bấm để xem danh sách cơ quan của nhóm.', bars: groupBars, unit: 'cơ quan' })}
${grouped.map((g) => html`<h4 id="nhom-${g.key}">${g.label} (${g.agencies.length})</h4>${g.agencies.length ? html`<ul class="columns">${g.agencies.map((a) => html`<li><a href="${agencyHref(a.id)}">${a.name}</a>${a.reported ? ` — ${a.counts.completed}/${a.counts.tasks}` : a.emails.length ? ` — ${a.emails.join(', ')}` : ''}</li>`)}</ul>` : html`<p class="muted">Không có.</p>`}`)}`;
  return { head, rest };
}

export function homeRoutes(app: Hono<AppEnv>, deps: Deps): void {
  app.get('/', validate('query', HomeQuery), async (c) => {
    const asOf = c.req.valid('query').asOf ?? vnToday(deps.now());
    const now = deps.now();
    const store = deps.store;
    const [parts, round] = await Promise.all([
      store.memo ? store.memo([...OVERVIEW_READS], `home#${asOf}`, () => overview(store, asOf, now)) : overview(store, asOf, now),
      currentRound(store, asOf),
    ]);
    const body = html`${parts.head}
${roundSection(round)}
${parts.rest}`;
    return c.html(page({ title: 'Tổng quan', section: '/', user: c.get('session').user, csrf: c.get('csrf'), body }));
  });
}
