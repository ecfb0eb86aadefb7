// The daemon's HTTP API, same origin. The key the operator typed is kept in sessionStorage (this tab only,
// never in a URL or a cookie) and sent in the X-API-Key header.
const KEY = 'charger.key';

export const key = {
  get: () => sessionStorage.getItem(KEY),
  set: value => (value ? sessionStorage.setItem(KEY, value) : sessionStorage.removeItem(KEY)),
};

const listeners = new Set();
/** Called after every read with (status, errorCode, hadKey): 401/403 when the API refused the key, 0 when a read succeeded, null otherwise. */
export function onAuthProblem(listener) { listeners.add(listener); }
const report = (...args) => listeners.forEach(l => l(...args));

export function headers(extra = {}) {
  const h = { Accept: 'application/json', ...extra };
  const k = key.get();
  if (k) h['X-API-Key'] = k;
  return h;
}

/**
 * Sends a request and returns {ok, status, code, message, data} whatever happened: the API's envelope
 * when there is one, status 0 when the daemon did not answer.
 */
export async function call(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (e) {
    return { ok: false, status: 0, code: 'NETWORK', message: String(e.message || e), data: null };
  }
  let envelope = null;
  try { envelope = await response.json(); } catch { /* not JSON */ }
  const result = {
    ok: response.ok,
    status: response.status,
    code: envelope?.error_code ?? null,
    message: envelope?.message ?? response.statusText,
    data: envelope && 'data' in envelope ? envelope.data : envelope,
  };
  // Reads drive the page-wide banner; a refused command is answered where it was given.
  if (method === 'GET') report(response.ok ? 0 : response.status === 401 || response.status === 403 ? response.status : null, result.code, !!key.get());
  return result;
}

export const get = path => call('GET', path);
export const post = (path, body = {}) => call('POST', path, body);

/** GET that throws on failure, for page loads. */
export async function load(path) {
  const r = await get(path);
  if (!r.ok) throw Object.assign(new Error(r.message || `HTTP ${r.status}`), { result: r });
  return r.data;
}
