// Sessions: the history with the API's filters (charger, status, user id) and paging, a chart of sessions and
// charging hours per day, and a CSV export of every row the filters match.
import { load } from '../api.js';
import * as stream from '../stream.js';
import { h, svg, replace } from '../dom.js';
import { t, locale } from '../i18n.js';
import { duration, dateTime, problem } from '../format.js';

const PAGE = 20;
const STATUSES = ['ACTIVE', 'COMPLETED', 'CANCELLED', 'FAULTED'];
const CHART_DAYS = 14;
const SESSION_EVENTS = ['CHARGE_STARTED', 'CHARGE_STOPPED', 'CABLE_DISCONNECTED', 'FAULT_DETECTED', 'LINK_DOWN'];
const ALL_LIMIT = 1000; // the API's largest page
const ALL_MAX = 10_000; // rows fetched at most for the chart and the export

export default async function sessions(view) {
  let chargers = [];
  try { chargers = await load('/api/chargers'); } catch (e) {
    replace(view, h('p', { class: 'result bad' }, t('load.failed', { message: problem(e.result) })));
    return () => {};
  }
  const filter = { charger: (chargers.find(c => c.is_default) ?? chargers[0])?.id, status: '', user: '', offset: 0 };
  const chargerSelect = h('select', { id: 'f-charger' }, chargers.map(c => h('option', { value: c.id }, c.id)));
  const statusSelect = h('select', { id: 'f-status' }, h('option', { value: '' }, t('status.any')),
    STATUSES.map(s => h('option', { value: s }, t(`status.${s}`))));
  const userInput = h('input', { id: 'f-user', maxlength: 128, autocomplete: 'off' });
  const table = h('div', { id: 'sessions-table' });
  const pager = h('div', { class: 'row' });
  const chart = h('div', { class: 'chart', id: 'chart' });
  const apply = event => { event?.preventDefault(); filter.charger = chargerSelect.value; filter.status = statusSelect.value; filter.user = userInput.value.trim(); filter.offset = 0; refresh(); };

  replace(view,
    h('h1', {}, t('sessions.title')),
    h('form', { class: 'panel row', onsubmit: apply },
      h('div', { class: 'field' }, h('label', { for: 'f-charger' }, t('charger')), chargerSelect),
      h('div', { class: 'field' }, h('label', { for: 'f-status' }, t('status')), statusSelect),
      h('div', { class: 'field' }, h('label', { for: 'f-user' }, t('user')), userInput),
      h('button', { type: 'submit' }, t('apply')),
      h('button', { type: 'button', class: 'ghost', id: 'export', onclick: exportCsv }, t('export.csv'))),
    h('section', { class: 'panel', 'aria-labelledby': 'h-chart' }, h('h2', { id: 'h-chart' }, t('chart.title')), chart),
    h('section', { class: 'panel' }, table, pager));
  await refresh();
  // A session starts or ends with these events: show it without a reload.
  let due = null;
  const off = stream.onEvent(e => {
    if (e.type === 'gap' || (e.charger_id === filter.charger && SESSION_EVENTS.includes(e.type))) { clearTimeout(due); due = setTimeout(refresh, 300); }
  });
  return () => { off(); clearTimeout(due); };

  function query(limit, offset) {
    const q = new URLSearchParams({ limit, offset });
    if (filter.status) q.set('status', filter.status);
    if (filter.user) q.set('user_id', filter.user);
    return `/api/chargers/${encodeURIComponent(filter.charger)}/sessions?${q}`;
  }

  async function all() {
    const rows = [];
    for (let offset = 0; offset < ALL_MAX; offset += ALL_LIMIT) {
      const page = await load(query(ALL_LIMIT, offset));
      rows.push(...page.sessions);
      if (!page.has_more) break;
    }
    return rows;
  }

  async function refresh() {
    if (!filter.charger) { replace(table, h('p', {}, t('site.none'))); return; }
    try {
      const page = await load(query(PAGE, filter.offset));
      drawTable(page);
      drawChart(await all());
    } catch (e) {
      replace(table, h('p', { class: 'result bad' }, t('load.failed', { message: problem(e.result) })));
    }
  }

  function drawTable(page) {
    const cols = [t('start'), t('user'), t('status'), t('duration'), t('end.reason'), t('energy')];
    replace(table, page.sessions.length === 0 ? h('p', { class: 'muted' }, t('sessions.none'))
      : h('table', { class: 'stack', id: 'sessions' },
          h('thead', {}, h('tr', {}, cols.map(c => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, page.sessions.map(s => h('tr', { 'data-session': s.session_id }, [
            dateTime(s.start_time), s.user_id ?? '–', t(`status.${s.status}`), duration(s.duration_seconds), s.end_reason ?? '–',
            s.energy_kwh == null ? '–' : `${s.energy_kwh.toFixed(3)} kWh${s.meter_down_during_charge ? ' *' : ''}`,
          ].map((v, i) => h('td', { 'data-label': cols[i] }, v)))))));
    const from = page.total_count === 0 ? 0 : page.offset + 1;
    const to = page.offset + page.sessions.length;
    if (page.total_count === 0) { replace(pager); return; }
    replace(pager,
      h('span', { class: 'muted', id: 'page-info' }, t('page.of', { from, to, total: page.total_count })),
      h('button', { type: 'button', class: 'ghost', disabled: page.offset === 0, onclick: () => { filter.offset = Math.max(0, filter.offset - PAGE); refresh(); } }, t('previous')),
      h('button', { type: 'button', class: 'ghost', disabled: !page.has_more, onclick: () => { filter.offset += PAGE; refresh(); } }, t('next')));
  }

  function drawChart(rows) {
    // Per local day over the last two weeks: how many sessions started, and the hours they lasted.
    const days = [];
    const today = new Date(); today.setHours(0, 0, 0, 0);
    for (let i = CHART_DAYS - 1; i >= 0; i--) {
      const day = new Date(today); day.setDate(today.getDate() - i);
      days.push({ day, n: 0, hours: 0 });
    }
    for (const s of rows) {
      const start = new Date(s.start_time); start.setHours(0, 0, 0, 0);
      const slot = days.find(d => d.day.getTime() === start.getTime());
      if (slot) { slot.n++; slot.hours += (s.duration_seconds ?? 0) / 3600; }
    }
    const maxN = Math.max(1, ...days.map(d => d.n));
    const maxH = Math.max(0.1, ...days.map(d => d.hours));
    const W = Math.max(280, Math.round(chart.clientWidth || 560)), H = 160, pad = 4, slotW = (W - pad) / CHART_DAYS, barW = slotW / 2 - 2;
    const label = d => d.day.toLocaleDateString(locale(), { day: 'numeric', month: 'short' });
    const graphic = svg('svg', { viewBox: `0 0 ${W} ${H + 20}`, role: 'img', 'aria-label': t('chart.title') },
      days.map((d, i) => {
        const x = pad + i * slotW;
        const hn = (d.n / maxN) * H, hh = (d.hours / maxH) * H;
        return svg('g', {},
          svg('title', {}, t('chart.label', { day: label(d), n: d.n, h: d.hours.toFixed(2) })),
          svg('rect', { class: 'bar-sessions', x, y: H - hn, width: barW, height: hn }),
          svg('rect', { class: 'bar-hours', x: x + barW + 1, y: H - hh, width: barW, height: hh }),
          i % 2 === 0 ? svg('text', { x, y: H + 14 }, label(d)) : null);
      }));
    // The same numbers as text, for screen readers and for anyone who would rather read than squint.
    const summary = h('details', {}, h('summary', {}, t('details')),
      h('ul', { class: 'small' }, days.filter(d => d.n > 0).map(d => h('li', {}, t('chart.label', { day: label(d), n: d.n, h: d.hours.toFixed(2) })))));
    replace(chart,
      h('div', { class: 'legend' }, h('span', {}, h('span', { class: 'sw sessions' }), t('chart.sessions')), h('span', {}, h('span', { class: 'sw hours' }), t('chart.hours'))),
      ...(rows.length === 0 ? [h('p', { class: 'muted' }, t('chart.empty'))] : [graphic, summary]));
  }

  async function exportCsv() {
    let rows;
    try { rows = await all(); } catch (e) { replace(table, h('p', { class: 'result bad' }, t('load.failed', { message: problem(e.result) }))); return; }
    const head = ['session_id', 'charger_id', 'user_id', 'status', 'start_time', 'end_time', 'duration_seconds', 'end_reason', 'event_count', 'energy_kwh'];
    const cell = v => {
      let text = v === null || v === undefined ? '' : String(v);
      if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`; // a spreadsheet must not run a user id as a formula
      return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    };
    const csv = [head.join(','), ...rows.map(r => head.map(k => cell(r[k])).join(','))].join('\r\n') + '\r\n';
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const a = h('a', { href: url, download: `sessions-${filter.charger}-${new Date().toISOString().slice(0, 10)}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
