// How states, times and durations read on the page. A state is always a word and a symbol, never only a colour.
import { t, locale } from './i18n.js';
import { key } from './api.js';

const stateClass = ['s-fault', 's-idle', 's-cable', 's-ev', 's-ready', 's-charging', 's-paused', 's-stopped', 's-fault'];

export function stateOf(code, linkUp = true) {
  if (!linkUp) return { cls: 's-unknown', text: t('state.nolink') };
  if (code === null || code === undefined || !(code in stateClass)) return { cls: 's-unknown', text: t('state.unknown') };
  return { cls: stateClass[code], text: t(`state.${code}`) };
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : m > 0 ? `${m} min ${String(r).padStart(2, '0')} s` : `${r} s`;
}

export const dateTime = iso => (iso ? new Date(iso).toLocaleString(locale()) : '–');
export const time = iso => (iso ? new Date(iso).toLocaleTimeString(locale()) : '–');
export const ago = iso => (iso ? t('ago', { t: duration((Date.now() - new Date(iso)) / 1000) }) : '–');
export const yesNo = v => (v === null || v === undefined ? '–' : v ? t('yes') : t('no'));

/** An API error as the operator should read it; a command without a key asks for the control key. */
export function problem(result, command = false) {
  if (result.status === 401) return t(key.get() ? 'auth.invalid' : command ? 'auth.command' : 'auth.required');
  if (result.status === 403) return t('auth.forbidden');
  if (result.status === 0) return t('result.network');
  return result.message;
}

/** An event type in words (its API name when there is no text for it). */
export function eventName(type) {
  const text = t(`ev.${type}`);
  return text === `ev.${type}` ? type : text;
}
