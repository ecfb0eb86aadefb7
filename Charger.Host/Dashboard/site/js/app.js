// The dashboard's shell: hash routes (#/site, #/charger/ID, #/sessions, #/system), the key dialog,
// the language switch, and the banners for a refused key and a dropped live stream.
import { t, translate, lang, setLang } from './i18n.js';
import { key, onAuthProblem } from './api.js';
import * as stream from './stream.js';
import { h, replace } from './dom.js';
import site from './pages/site.js';
import charger from './pages/charger.js';
import sessions from './pages/sessions.js';
import system from './pages/system.js';

const pages = { site, charger, sessions, system };
const view = document.getElementById('view');
const streamBanner = document.getElementById('stream-banner');
const authBanner = document.getElementById('auth-banner');
let current = null; // { cleanup }
let streamState = null;
let authState = null; // [status, code, hadKey] or null

function route() {
  const [, name = 'site', ...rest] = (location.hash || '#/site').split('/');
  return { name: pages[name] ? name : 'site', args: rest.map(decodeURIComponent) };
}

async function render() {
  const { name, args } = route();
  current?.cleanup?.();
  current = null;
  document.querySelectorAll('nav a[data-page]').forEach(a =>
    (a.dataset.page === name ? a.setAttribute('aria-current', 'page') : a.removeAttribute('aria-current')));
  replace(view, h('p', { class: 'muted' }, t('loading')));
  const mine = {};
  current = mine;
  const cleanup = await pages[name](view, ...args);
  if (current === mine) mine.cleanup = cleanup; else cleanup?.();
}

function showBanners() {
  streamBanner.hidden = streamState !== 'down';
  streamBanner.textContent = t('stream.down');
  const text = authState === null ? null
    : authState[0] === 403 ? t('auth.forbidden')
    : authState[2] ? t('auth.invalid') : t('auth.required');
  authBanner.hidden = text === null;
  authBanner.textContent = text ?? '';
  document.getElementById('key-button').textContent = t(key.get() ? 'key.button.set' : 'key.button');
}

stream.onState(state => {
  streamState = state;
  if (state === 'auth') authState = [401, null, !!key.get()];
  else if (state === 'up' && authState?.[0] === 401) authState = null;
  showBanners();
});
onAuthProblem((status, code, hadKey) => {
  if (status === null) return; // a read that failed for another reason says nothing about the key
  authState = status === 0 ? null : [status, code, hadKey];
  showBanners();
});

// Key dialog: the key goes from the input to sessionStorage, nowhere else.
const dialog = document.getElementById('key-dialog');
const input = document.getElementById('key-input');
document.getElementById('key-button').addEventListener('click', () => { input.value = ''; dialog.showModal(); input.focus(); });
dialog.addEventListener('close', () => {
  if (dialog.returnValue === 'save' && input.value.trim()) key.set(input.value.trim());
  else if (dialog.returnValue === 'forget') key.set(null);
  else return;
  input.value = '';
  authState = null;
  showBanners();
  stream.start();
  render();
});

const langSelect = document.getElementById('lang');
langSelect.value = lang;
langSelect.addEventListener('change', () => { setLang(langSelect.value); translate(); showBanners(); render(); });

window.addEventListener('hashchange', () => { render().then(() => view.focus({ preventScroll: true })); });
translate();
showBanners();
stream.start();
render();
