// Charger: status fields with their freshness, commands (each confirmed, each result shown as the API gave
// it), the live event timeline and the serial flight recorder's last frames.
import { load, post } from '../api.js';
import * as stream from '../stream.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { stateOf, dateTime, time, yesNo, problem, eventName } from '../format.js';
import { confirm } from '../confirm.js';

export default async function charger(view, requested) {
  let id = requested;
  if (!id) {
    try {
      const list = await load('/api/chargers');
      id = (list.find(c => c.is_default) ?? list[0])?.id;
    } catch (e) {
      replace(view, h('p', { class: 'result bad' }, t('load.failed', { message: problem(e.result) })));
      return () => {};
    }
    if (!id) { replace(view, h('p', {}, t('site.none'))); return () => {}; }
  }
  const base = `/api/chargers/${encodeURIComponent(id)}`;
  const statusBox = h('div', { id: 'status' });
  const result = h('p', { class: 'result', id: 'command-result', role: 'status', 'aria-live': 'polite', hidden: true });
  const userInput = h('input', { id: 'user-id', maxlength: 128, autocomplete: 'off' });
  const amps = h('select', { id: 'max-amps' }, [6, 8, 10, 13, 16, 20, 25, 32].map(a => h('option', { value: a, selected: a === 16 }, `${a} A`)));
  const timeline = h('ol', { class: 'timeline', id: 'timeline' });
  const frames = h('tbody');

  replace(view,
    h('h1', {}, t('charger.title', { id })),
    h('section', { class: 'panel', 'aria-labelledby': 'h-status' }, h('h2', { id: 'h-status' }, t('status')), statusBox),
    h('section', { class: 'panel', 'aria-labelledby': 'h-commands' },
      h('h2', { id: 'h-commands' }, t('commands')),
      h('div', { class: 'row' },
        h('div', { class: 'field' }, h('label', { for: 'user-id' }, t('cmd.user')), userInput),
        h('button', { type: 'button', id: 'start', onclick: start }, t('cmd.start')),
        h('button', { type: 'button', id: 'stop', class: 'danger', onclick: stop }, t('cmd.stop'))),
      h('div', { class: 'row' },
        h('div', { class: 'field' }, h('label', { for: 'max-amps' }, t('cmd.max')), amps),
        h('button', { type: 'button', id: 'set-max', onclick: setMax }, t('cmd.setmax'))),
      result),
    h('section', { class: 'panel', 'aria-labelledby': 'h-timeline' }, h('h2', { id: 'h-timeline' }, t('timeline')), timeline),
    h('section', { class: 'panel', 'aria-labelledby': 'h-frames' },
      h('h2', { id: 'h-frames' }, t('frames')),
      h('p', { class: 'muted small' }, t('frames.help'), ' ', h('button', { type: 'button', class: 'ghost', onclick: refreshFrames }, t('refresh'))),
      h('div', { class: 'scroll' }, h('table', { class: 'mono frames' },
        h('thead', {}, h('tr', {}, h('th', {}, t('time')), h('th', {}, t('dir')), h('th', {}, t('kind')), h('th', {}, t('decoded')))),
        frames))));

  let status = null;
  let link = true;
  let meter = null; // the charger's meter (issue 20): power live, the register with its age
  await refreshStatus();
  const meterTimer = meter ? setInterval(refreshMeter, 2000) : null;
  drawTimeline();
  refreshFrames();

  let framesDue = null;
  const offEvent = stream.onEvent(event => {
    if (event.type === 'gap') { refreshStatus(); return; }
    if (event.charger_id !== id) return;
    if (event.status) status = { ...status, ...event.status, freshness: 'FRESH', age_seconds: 0 };
    if (event.link) link = event.link.up;
    drawStatus();
    drawTimeline();
    clearTimeout(framesDue); // new frames came with the event; fetch them once things settle
    framesDue = setTimeout(refreshFrames, 300);
  });
  return () => { offEvent(); clearTimeout(framesDue); clearInterval(meterTimer); };

  async function refreshMeter() {
    try { meter = (await load(base)).meter; drawStatus(); } catch { /* the next tick tries again */ }
  }

  async function refreshStatus() {
    try {
      const data = await load(`${base}/status`);
      status = data.charger;
      meter = data.meter ?? null;
      link = status.link_up;
    } catch (e) {
      if (e.result?.data?.charger) { status = e.result.data.charger; link = false; }
      else if (e.result?.code === 'LINK_DOWN' || e.result?.code === 'NO_STATUS') link = e.result.code !== 'LINK_DOWN';
      else { replace(statusBox, h('p', { class: 'result bad' }, t('load.failed', { message: problem(e.result) }))); return; }
    }
    drawStatus();
  }

  function drawStatus() {
    const state = stateOf(status?.state, link);
    const s = status ?? {};
    const rows = [
      [t('status'), h('span', { class: `state ${state.cls}`, 'data-testid': 'state' }, state.text)],
      [t('freshness'), h('span', { class: `fresh-${s.freshness ?? 'NONE'}` }, t(`fresh.${s.freshness ?? 'NONE'}`))],
      [t('received'), dateTime(s.received_at)],
      [t('link'), h('span', { class: link ? 'link-up' : 'link-down' }, link ? t('link.ok') : t('link.down'))],
      [t('pilot'), s.pilot ?? '–'],
      [t('cable'), s.cable_present === undefined ? '–' : s.cable_present ? t('cable.plugged', { amps: s.cable_rating_amps }) : t('cable.none')],
      [t('relay'), s.relay ?? '–'],
      [t('lock'), s.cable_lock ?? '–'],
      [t('pwm'), s.pwm_duty ?? '–'],
      [t('max'), s.max_current_amps === undefined ? '–' : `${s.max_current_amps} A`],
      [t('authorized'), yesNo(s.authorized)],
      [t('power'), s.power_board ?? '–'],
    ];
    if (meter) rows.push(
      [t('meter.power'), h('span', { id: 'meter-power', class: meter.fresh ? '' : 'fresh-STALE' },
        meter.power_w == null ? '–' : `${(meter.power_w / 1000).toFixed(2)} kW`)],
      [t('meter.energy'), h('span', { id: 'meter-energy', class: meter.fresh ? '' : 'fresh-STALE' },
        meter.energy_import_kwh == null ? '–' : `${meter.energy_import_kwh.toFixed(3)} kWh (${t('ago', { t: `${Math.round(meter.age_seconds)} s` })})`)]);
    replace(statusBox, h('dl', { class: 'facts' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));
  }

  function drawTimeline() {
    const events = stream.history.filter(e => e.charger_id === id).slice(-50).reverse();
    replace(timeline, events.length === 0 ? h('li', { class: 'muted' }, t('timeline.empty'))
      : events.map(e => h('li', {},
          h('span', { class: 'muted mono' }, time(e.timestamp)), ' ', h('strong', { title: e.type }, eventName(e.type)),
          e.to_state !== undefined && e.to_state !== null ? ` → ${stateOf(e.to_state).text}` : '',
          e.message ? ` · ${e.message}` : '')));
  }

  async function refreshFrames() {
    try {
      const data = await load(`${base}/frames?limit=25`);
      replace(frames, [...data.frames].reverse().map(f => h('tr', {},
        h('td', {}, time(f.at)), h('td', {}, f.direction.toUpperCase()), h('td', {}, f.kind),
        h('td', {}, f.kind === 'STAT' && f.fields?.STATE !== undefined ? h('strong', {}, `${stateOf(Number(f.fields.STATE)).text} · `) : null,
          f.fields && Object.keys(f.fields).length ? Object.entries(f.fields).map(([k, v]) => `${k}=${v}`).join(' ') : f.text))));
    } catch (e) {
      replace(frames, h('tr', {}, h('td', { colspan: 4 }, t('load.failed', { message: problem(e.result) }))));
    }
  }

  async function run(question, path, body, kind) {
    if (!await confirm(question)) return;
    const r = await post(`${base}${path}`, body);
    result.hidden = false;
    let text, cls;
    if (r.ok) { text = t(kind === 'start' ? 'result.accepted' : 'result.confirmed', { message: r.message }); cls = 'ok'; }
    else if (r.code === 'WRONG_STATE' || r.code === 'COMMAND_REJECTED' || r.code === 'VALIDATION_FAILED') { text = t('result.rejected', { message: r.message }); cls = 'bad'; }
    else if (r.code === 'LINK_DOWN') { text = t('result.linkdown', { message: r.message }); cls = 'bad'; }
    else if (r.code === 'COMMAND_TIMEOUT') { text = t('result.timeout', { message: r.message }); cls = 'warn'; }
    else if (r.status === 429) { text = t('result.ratelimited', { message: r.message }); cls = 'warn'; }
    else if (r.status === 401 || r.status === 403 || r.status === 0) { text = problem(r, true); cls = 'bad'; }
    else { text = t('result.error', { status: r.status, message: r.message }); cls = 'bad'; }
    result.className = `result ${cls}`;
    result.textContent = text;
  }

  function start() {
    const user = userInput.value.trim();
    return run(t('confirm.start', { id, user: user ? ` (${user})` : '' }), '/charge/start', user ? { user_id: user } : {}, 'start');
  }
  function stop() { return run(t('confirm.stop', { id }), '/charge/stop', {}, 'stop'); }
  function setMax() { return run(t('confirm.max', { id, amps: amps.value }), '/maxcurrent', { amperage: Number(amps.value) }, 'max'); }
}
