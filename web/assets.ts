/** The console's stylesheet and script, served from /static (no inline script or style: the CSP forbids them). */

/** Colours meet WCAG AA contrast (4.5:1 for text) on white; focus is always visible. */
export const CONSOLE_CSS = `
:root { --ink:#1a1a1a; --muted:#4a4a4a; --line:#c8c8c8; --accent:#0b4f9c; --bg:#ffffff; --soft:#f2f5f9; --warn:#8a1c1c; --ok:#1d5e20; --mark:#fff1a8; }
* { box-sizing: border-box; }
body { margin:0; font: 16px/1.5 system-ui, "Segoe UI", Roboto, "Noto Sans", sans-serif; color:var(--ink); background:var(--bg); }
a { color:var(--accent); }
:focus-visible { outline:3px solid #e07b00; outline-offset:2px; }
.skip { position:absolute; left:-9999px; } .skip:focus { left:8px; top:8px; background:#fff; padding:4px 8px; z-index:10; }
.top { display:flex; flex-wrap:wrap; gap:12px; align-items:center; padding:8px 16px; background:var(--soft); border-bottom:1px solid var(--line); }
.brand { font-weight:700; }
.top nav ul { display:flex; flex-wrap:wrap; gap:4px 14px; list-style:none; margin:0; padding:0; }
.top nav a[aria-current="page"] { font-weight:700; text-decoration-thickness:3px; }
.who { margin-left:auto; display:flex; gap:8px; align-items:center; color:var(--muted); }
main { padding:16px; max-width:1200px; }
h1 { font-size:1.5rem; margin:.2em 0 .6em; }
table { border-collapse:collapse; width:100%; }
th, td { border:1px solid var(--line); padding:6px 8px; text-align:left; vertical-align:top; }
th { background:var(--soft); }
.notice { background:#e7f3e8; border:1px solid var(--ok); padding:8px 12px; }
.error-summary { border:3px solid var(--warn); padding:8px 12px; }
.error-summary h2 { color:var(--warn); font-size:1.1rem; margin:0 0 .3em; }
.muted { color:var(--muted); }
button, .button { font:inherit; padding:6px 12px; border:1px solid var(--accent); background:var(--accent); color:#fff; border-radius:4px; cursor:pointer; }
button.secondary { background:#fff; color:var(--accent); }
kbd { border:1px solid var(--line); border-bottom-width:2px; border-radius:3px; padding:0 4px; font-size:.85em; background:#fff; color:var(--ink); }
.cells dt { font-weight:700; } .cells dd { margin:0 0 .5em 0; white-space:pre-wrap; }
.cand { border:1px solid var(--line); padding:8px 12px; margin:0 0 12px; }
.cand h3 { margin:0 0 .3em; font-size:1.05rem; }
mark { background:var(--mark); color:var(--ink); }
ins { background:#e3f2e1; color:var(--ink); text-decoration:underline; } del { background:#fbe3e3; color:var(--ink); }
ul.plain { list-style:none; margin:0; padding:0; }
.chart { margin:0 0 16px; max-width:900px; } .chart svg { display:block; }
.chart-label, .chart-value { font-size:12px; fill:var(--ink); }
.chart a:focus rect, .chart a:hover rect { stroke:#e07b00; stroke-width:3px; }
.chart-completed { fill:#1d5e20; background:#1d5e20; } .chart-overdue { fill:#8a1c1c; background:#8a1c1c; }
.chart-inProgress { fill:#0b4f9c; background:#0b4f9c; } .chart-recurring { fill:#6b4c9a; background:#6b4c9a; }
.chart-reports { fill:#0b4f9c; } .chart-group-none { fill:#767676; } .chart-group-low { fill:#8a1c1c; } .chart-group-mid { fill:#b35c00; } .chart-group-all { fill:#1d5e20; }
.legend { display:flex; flex-wrap:wrap; gap:4px 16px; list-style:none; padding:0; margin:4px 0; }
.swatch { display:inline-block; width:12px; height:12px; margin-right:6px; vertical-align:middle; }
ul.columns { columns:2 320px; }
.actions { display:flex; flex-wrap:wrap; gap:8px; margin:12px 0; }
.actions form { margin:0; }
label { font-weight:600; }
input[type=search], input[type=text], input[type=date], select, textarea { font:inherit; padding:4px 6px; border:1px solid #767676; border-radius:3px; }
.preview { border:1px solid var(--line); }
.pager { display:flex; gap:12px; margin:12px 0; }
@media (max-width: 640px) { .who { margin-left:0; } th, td { padding:4px; } }
`;

/**
 * Keyboard shortcuts on the review page: 1–3 accept a candidate, m marks the row new, b rejects, / searches the
 * registry. Keys are taken only when the focus is not in a text field. The CSRF token rides on htmx requests too.
 */
export const CONSOLE_JS = `
(function () {
  var token = document.querySelector('meta[name="csrf-token"]');
  document.addEventListener('htmx:configRequest', function (e) {
    if (token) e.detail.headers['X-CSRF-Token'] = token.getAttribute('content');
  });
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
    if (e.key === '/') {
      var s = document.querySelector('[data-shortcut-search]');
      if (s) { e.preventDefault(); s.focus(); }
      return;
    }
    var b = document.querySelector('[data-key="' + (window.CSS && CSS.escape ? CSS.escape(e.key) : e.key) + '"]');
    if (b) { e.preventDefault(); b.click(); }
  });
})();
`;
