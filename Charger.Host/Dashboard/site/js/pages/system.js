// System: readiness with its reasons, version, uptime and log location, the live actor tree with restart
// counts and quarantined subscribers, and with --simulate a panel that drives the simulated vehicle.
import { get, load, post } from '../api.js';
import * as stream from '../stream.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { duration, dateTime, problem } from '../format.js';

const TREE_REFRESH_MS = 5000; // the tree has no push: it is read again while this page is open
const SIM_COMMANDS = [
  ['plug', 'sim.plug'], ['connect', 'sim.connect'], ['charge', 'sim.charge'], ['pause', 'sim.pause'], ['resume', 'sim.resume'],
  ['disconnect', 'sim.disconnect'], ['unplug', 'sim.unplug'], ['fault earth', 'sim.fault'], ['fault off', 'sim.clear'],
  ['disappear', 'sim.disappear'], ['reappear', 'sim.reappear'],
];

export default async function system(view) {
  const health = h('div', { id: 'health' });
  const about = h('div', { id: 'about' });
  const tree = h('div', { id: 'actors' });
  const subs = h('div', { id: 'subscribers' });
  const sim = h('section', { class: 'panel', id: 'simulator', 'aria-labelledby': 'h-sim', hidden: true });
  replace(view,
    h('h1', {}, t('system.title')),
    sim,
    h('section', { class: 'panel', 'aria-labelledby': 'h-health' }, h('h2', { id: 'h-health' }, t('health')), health, about),
    h('section', { class: 'panel', 'aria-labelledby': 'h-actors' }, h('h2', { id: 'h-actors' }, t('actors')), tree),
    h('section', { class: 'panel', 'aria-labelledby': 'h-subs' }, h('h2', { id: 'h-subs' }, t('subscribers')), subs));

  let info = null;
  try {
    info = await load('/api/system/info');
  } catch (e) {
    replace(about, h('p', { class: 'result bad' }, t('load.failed', { message: problem(e.result) })));
  }
  if (info?.simulator) drawSimulator();
  await refresh();
  const timer = setInterval(refresh, TREE_REFRESH_MS);
  let due = null;
  const off = stream.onEvent(() => { clearTimeout(due); due = setTimeout(refresh, 300); });
  return () => { clearInterval(timer); clearTimeout(due); off(); };

  async function refresh() {
    const ready = await get('/health/ready'); // no key needed; 503 with reasons when not ready
    const r = ready.data ?? {};
    const ok = r.status === 'ready';
    const uptime = info ? (Date.now() - new Date(info.started_at)) / 1000 : null;
    replace(health, h('dl', { class: 'facts' },
      h('dt', {}, t('readiness')),
      h('dd', { id: 'readiness' }, h('span', { class: `badge ${ok ? 'ok' : 'bad'}` }, ok ? '✓' : '✕'), ' ', t(`ready.${r.status ?? 'not_ready'}`)),
      h('dt', {}, t('reasons')),
      h('dd', {}, r.reasons?.length ? h('ul', {}, r.reasons.map(x => h('li', {}, x))) : t('reasons.none')),
      (r.chargers ?? []).map(c => [h('dt', {}, c.id), h('dd', { class: c.link_up ? 'link-up' : 'link-down' }, `${c.link_up ? t('link.ok') : t('link.down')} · ${t(`fresh.${c.status}`)}`)]),
      info ? [
        h('dt', {}, t('version')), h('dd', { id: 'version' }, info.version),
        h('dt', {}, t('uptime')), h('dd', {}, `${duration(uptime)} (${dateTime(info.started_at)})`),
        h('dt', {}, t('log')), h('dd', { class: 'mono' }, [info.log_file, info.log_journal ? t('log.journal') : null].filter(Boolean).join(' · ') || t('log.console')),
      ] : null));
    try {
      const data = await load('/api/system/actors');
      replace(tree, h('ul', { class: 'tree' }, node(data.tree)));
      replace(subs, data.subscribers.length === 0 ? h('p', { class: 'muted' }, '–') : h('div', { class: 'scroll' }, h('table', { class: 'stack' },
        h('thead', {}, h('tr', {}, ['charger', 'name', 'state', 'delivered', 'failed', 'last.error'].map(k => h('th', {}, t(k))))),
        h('tbody', {}, data.subscribers.map(s => h('tr', {},
          h('td', { 'data-label': t('charger') }, s.charger_id),
          h('td', { 'data-label': t('name') }, s.name),
          h('td', { 'data-label': t('state') }, s.quarantined_at ? h('span', { class: 'badge bad' }, `⚠ ${t('quarantined')}`) : h('span', { class: 'badge' }, s.state)),
          h('td', { 'data-label': t('delivered') }, s.delivered),
          h('td', { 'data-label': t('failed') }, s.failed),
          h('td', { 'data-label': t('last.error') }, s.last_error ?? '–')))))));
    } catch (e) {
      replace(tree, h('p', { class: 'result bad' }, t('load.failed', { message: problem(e.result) })));
    }
  }

  function node(n) {
    return h('li', {},
      h('span', { class: 'mono' }, n.name), ' ',
      h('span', { class: `badge ${n.state === 'RUNNING' ? '' : 'bad'}` }, n.state),
      ' ', h('span', { class: `badge ${n.restarts > 0 ? 'warn' : ''}`, title: t('restarts', { n: n.restarts }) }, `↻ ${n.restarts}`),
      n.backoff?.waiting ? [' ', h('span', { class: 'badge warn' }, `backoff #${n.backoff.attempts}`)] : null,
      n.last_failure ? h('div', { class: 'small muted' }, `${t('last.error')}: ${n.last_failure.message ?? ''}`) : null,
      n.children?.length ? h('ul', {}, n.children.map(node)) : null);
  }

  function drawSimulator() {
    const out = h('p', { class: 'result', id: 'sim-result', role: 'status', 'aria-live': 'polite', hidden: true });
    replace(sim,
      h('h2', { id: 'h-sim' }, t('simulator')),
      h('p', { class: 'muted small' }, t('sim.help')),
      h('div', { class: 'row' }, SIM_COMMANDS.map(([command, label]) =>
        h('button', { type: 'button', class: 'ghost', 'data-sim': command, onclick: () => send(command) }, t(label)))),
      out);
    sim.hidden = false;
    async function send(command) {
      const r = await post('/api/simulator', { command });
      out.hidden = false;
      out.className = `result ${r.ok ? 'ok' : 'bad'}`;
      out.textContent = r.ok ? r.message : problem(r, true);
    }
  }
}
