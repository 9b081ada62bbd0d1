/**
 * The status page: every repository with its last run, outcome, branches due and pending, open PRs,
 * deps by state and its first problems, a link to its report, and the queue's jobs by state. Plain HTML
 * with a little CSS, no script; every value escaped. Times are shown as recorded (UTC).
 */
import type { RepoStatus } from '../queue/status.js';

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#222}h1{font-size:1.4rem}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}th{background:#f6f6f6}
.ok{color:#176f2c}.failed{color:#a15c00}.error{color:#b00020}.muted{color:#777}ul{margin:0;padding-left:1.1rem}.queue span{margin-right:1rem}`;

function deps(d: Record<string, number>): string {
  const entries = Object.entries(d).sort(([a], [b]) => a.localeCompare(b));
  return entries.length ? entries.map(([state, n]) => `${n} ${escape(state)}`).join(', ') : '<span class="muted">none</span>';
}

export function renderStatusPage(statuses: RepoStatus[], queue: Record<string, number>): string {
  const rows = statuses.map(
    (s) => `<tr>
<td>${escape(s.repository)}<div class="muted">${escape(s.platform)}</div></td>
<td>${escape(s.finishedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))}</td>
<td class="${s.outcome}">${s.outcome === 'ok' ? 'ok' : s.outcome === 'failed' ? 'done with failures' : 'error'}</td>
<td>${s.branches} due, ${s.pending} pending</td>
<td>${s.openPrs}</td>
<td>${deps(s.deps)}</td>
<td>${s.problems.length ? `<ul>${s.problems.map((p) => `<li>${escape(p)}</li>`).join('')}</ul>` : '<span class="muted">none</span>'}</td>
<td>${s.hasReport ? `<a href="report/${encodeURIComponent(s.key)}">report</a>` : '<span class="muted">—</span>'}</td>
</tr>`,
  );
  const queueLine = Object.entries(queue)
    .map(([state, n]) => `<span>${escape(state)}: <b>${n}</b></span>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Upkeep — status</title><style>${STYLE}</style></head>
<body><h1>Upkeep</h1>
<p class="queue">${queueLine}<a href="queue/">queue view</a></p>
${
  statuses.length
    ? `<table><thead><tr><th>repository</th><th>last run</th><th>outcome</th><th>branches</th><th>PRs</th><th>deps</th><th>problems</th><th></th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`
    : '<p class="muted">No repository has run yet.</p>'
}
</body></html>
`;
}
