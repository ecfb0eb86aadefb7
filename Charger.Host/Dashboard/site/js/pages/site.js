// Site: one card per charger, kept current by the live event stream (no polling, no reload).
import { load } from '../api.js';
import * as stream from '../stream.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { stateOf, ago, duration, dateTime, problem, eventName } from '../format.js';

export default async function site(view) {
  const list = h('div', { class: 'cards', id: 'cards' });
  replace(view, h('h1', {}, t('site.title')), list);
  const chargers = new Map(); // id -> model
  let chargerList;
  try {
    chargerList = await load('/api/chargers');
  } catch (e) {
    replace(list, h('p', { class: 'result bad' }, t('load.failed', { message: problem(e.result) })));
    return () => {};
  }
  if (chargerList.length === 0) replace(list, h('p', {}, t('site.none')));

  for (const c of chargerList) {
    const model = { id: c.id, link: { up: c.link_up, since: c.link_since, reconnects: c.reconnects }, status: null, session: null, last: null, card: h('article', { class: 'card', 'data-charger': c.id }) };
    model.last = [...stream.history].reverse().find(e => e.charger_id === c.id) ?? null;
    chargers.set(c.id, model);
    list.append(model.card);
    draw(model);
    refreshStatus(model);
    refreshSession(model);
  }

  const offEvent = stream.onEvent(event => {
    if (event.type === 'gap') { chargers.forEach(m => { refreshStatus(m); refreshSession(m); }); return; }
    const model = chargers.get(event.charger_id);
    if (!model) return;
    model.last = event;
    if (event.status) model.status = { ...event.status, freshness: 'FRESH' };
    if (event.link) model.link = { up: event.link.up, since: event.link.since, reconnects: event.link.reconnects };
    if (['CHARGE_STARTED', 'CHARGE_AUTHORIZED', 'CHARGE_STOPPED', 'CABLE_DISCONNECTED', 'FAULT_DETECTED'].includes(event.type)) refreshSession(model);
    draw(model);
  });
  // Only the clock moves here: elapsed times and "ago" are redrawn each second from data already on the page.
  const tick = setInterval(() => chargers.forEach(draw), 1000);
  return () => { offEvent(); clearInterval(tick); };

  async function refreshStatus(model) {
    try {
      const data = await load(`/api/chargers/${encodeURIComponent(model.id)}/status`);
      model.status = data.charger;
    } catch (e) {
      const charger = e.result?.data?.charger;
      if (charger) model.status = charger;
    }
    draw(model);
  }

  async function refreshSession(model) {
    try {
      model.session = (await load(`/api/chargers/${encodeURIComponent(model.id)}/sessions/current`)).session;
    } catch { model.session = null; }
    draw(model);
  }
}

// Builds the card once and then only changes texts, so a keyboard user's focus on its link survives the updates.
function draw(model) {
  const s = model.status;
  const state = stateOf(s?.state, model.link.up);
  if (!model.els) {
    const els = model.els = {
      state: h('span', { 'data-testid': 'state' }), link: h('dd'), offered: h('dd'), cable: h('dd', { 'data-testid': 'cable' }),
      session: h('dd', { 'data-testid': 'session' }), last: h('dd', { 'data-testid': 'last-event' }),
    };
    replace(model.card,
      h('h2', {}, h('a', { href: `#/charger/${encodeURIComponent(model.id)}` }, model.id), els.state),
      h('dl', { class: 'facts' },
        h('dt', {}, t('link')), els.link, h('dt', {}, t('offered')), els.offered, h('dt', {}, t('cable')), els.cable,
        h('dt', {}, t('session')), els.session, h('dt', {}, t('last.event')), els.last));
  }
  const els = model.els;
  model.card.className = `card ${state.cls}`;
  els.state.className = `state ${state.cls}`;
  els.state.textContent = state.text;
  els.link.className = model.link.up ? 'link-up' : 'link-down';
  els.link.textContent = (model.link.up ? t('link.up', { since: dateTime(model.link.since) }) : t('link.down'))
    + (model.link.reconnects ? ` · ${t('link.reconnects', { n: model.link.reconnects })}` : '');
  els.offered.textContent = s ? `${s.max_current_amps} A` : '–';
  els.cable.textContent = !s ? '–'
    : !s.cable_present ? t('cable.none')
    : [t('cable.plugged', { amps: s.cable_rating_amps }),
       s.pilot === 'VEHICLE_CONNECTED' ? t('vehicle.connected') : s.pilot === 'CHARGE_REQUESTED' ? t('vehicle.charging') : null]
        .filter(Boolean).join(', ');
  els.session.textContent = model.session
    ? t('session.user', { user: model.session.user_id ?? t('anonymous'), elapsed: duration((Date.now() - new Date(model.session.start_time)) / 1000) })
    : t('session.none');
  els.last.textContent = model.last ? `${eventName(model.last.type)} · ${ago(model.last.timestamp)}` : t('event.none');
}
