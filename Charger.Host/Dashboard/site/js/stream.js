// The live event stream, GET /api/events (Server-Sent Events), read with fetch rather than EventSource:
// EventSource cannot send the X-API-Key header and the key must never go into a URL. So this small reader
// does what EventSource would: parses `id:`/`event:`/`data:` blocks, resumes with Last-Event-ID after a
// drop, and retries with a growing delay. The first connection asks for every event the daemon still keeps
// (Last-Event-ID 0), so a page has history at once.
import { headers } from './api.js';

const IDLE_LIMIT_MS = 40_000; // the daemon writes a keepalive every 15 s; silence this long means a dead connection
const MAX_HISTORY = 300;

const eventListeners = new Set();
const stateListeners = new Set();
export const history = []; // newest last
let lastId = 0;
let connected = null;
let controller = null;
let attempt = 0;
let retryTimer = null;
let authFailed = false;

export const onEvent = l => { eventListeners.add(l); return () => eventListeners.delete(l); };
/** l(state): 'up', 'down' (retrying) or 'auth' (the key was refused; waits for a new key). */
export const onState = l => { stateListeners.add(l); return () => stateListeners.delete(l); };
export const isUp = () => connected === 'up';

function setState(state) {
  if (state === connected) return;
  connected = state;
  stateListeners.forEach(l => l(state));
}

export function start() {
  stop();
  authFailed = false;
  run();
}

export function stop() {
  clearTimeout(retryTimer);
  if (controller) controller.abort();
  controller = null;
}

async function run() {
  const mine = new AbortController();
  controller = mine;
  let idle = null;
  const touch = () => { clearTimeout(idle); idle = setTimeout(() => mine.abort(), IDLE_LIMIT_MS); };
  try {
    touch();
    const response = await fetch('/api/events', {
      headers: headers({ Accept: 'text/event-stream', 'Last-Event-ID': String(lastId) }),
      cache: 'no-store', credentials: 'omit', signal: mine.signal,
    });
    if (response.status === 401 || response.status === 403) {
      authFailed = true;
      setState('auth');
      return;
    }
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    attempt = 0;
    setState('up');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      touch();
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  } catch {
    // a network error or our own abort: both end in a retry below unless stopped
  } finally {
    clearTimeout(idle);
  }
  if (controller !== mine || authFailed) return; // stopped or restarted meanwhile
  setState('down');
  attempt++;
  retryTimer = setTimeout(run, Math.min(500 * 2 ** (attempt - 1), 8000));
}

function dispatch(block) {
  let id = null, type = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return;
  let payload;
  try { payload = JSON.parse(data.join('\n')); } catch { return; }
  if (id !== null && /^\d+$/.test(id)) lastId = Number(id);
  const event = { id: id === null ? null : Number(id), type, ...payload };
  if (type !== 'gap') {
    history.push(event);
    if (history.length > MAX_HISTORY) history.splice(0, history.length - MAX_HISTORY);
  }
  eventListeners.forEach(l => l(event));
}
