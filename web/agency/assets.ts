/** The agency page's own stylesheet and script (served from /dot-bao-cao/static; the console's CSS is loaded first). */

/** One card per task (no wide table): readable on a phone; two columns of fields from 900 px. */
export const AGENCY_CSS = `
.agency-top { padding:8px 16px; background:var(--soft); border-bottom:1px solid var(--line); }
.agency-top .brand { display:block; }
main.agency { max-width:960px; margin:0 auto; }
.round-facts { display:grid; grid-template-columns:max-content 1fr; gap:2px 12px; margin:0 0 12px; }
.round-facts dt { font-weight:700; } .round-facts dd { margin:0; }
fieldset.task { border:1px solid var(--line); border-radius:4px; margin:0 0 16px; padding:8px 12px 12px; }
fieldset.task legend { font-weight:700; padding:0 4px; }
fieldset.task.late { border-left:6px solid var(--warn); }
.task-content { margin:.2em 0 .6em; white-space:pre-wrap; }
.task-meta { display:flex; flex-wrap:wrap; gap:4px 16px; margin:0 0 .6em; color:var(--muted); font-size:.95rem; }
.badge-late { color:#fff; background:var(--warn); border-radius:3px; padding:0 6px; font-weight:700; }
.badge-ok { color:#fff; background:var(--ok); border-radius:3px; padding:0 6px; }
.fields { display:grid; grid-template-columns:1fr; gap:8px; }
.fields label { display:block; }
.fields select, .fields textarea, .who-field input { width:100%; }
.field-error { color:var(--warn); font-weight:700; margin:0; }
[aria-invalid="true"] { border-color:var(--warn); border-width:2px; }
.who-field { margin:0 0 8px; max-width:40em; }
.submit-bar { border-top:1px solid var(--line); padding:8px 0; display:flex; flex-wrap:wrap; gap:8px; }
.upload { border:1px solid var(--line); border-radius:4px; padding:8px 12px; margin:16px 0; }
.receipt-table td, .receipt-table th { text-align:right; } .receipt-table td:first-child, .receipt-table th:first-child { text-align:left; }
@media (min-width: 900px) { .fields { grid-template-columns: 1fr 2fr 2fr; } }
@media (max-width: 640px) { .round-facts { grid-template-columns:1fr; } main.agency { padding:8px; } }
`;

/** Moves the focus to the error summary when there is one (keyboard and screen-reader users land on it). */
export const AGENCY_JS = `
(function () {
  var s = document.getElementById('loi');
  if (s) s.focus();
})();
`;
