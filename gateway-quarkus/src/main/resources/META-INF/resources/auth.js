// Session handling of the admin UI.
//
// - The access token lives in this module's memory only (never in web storage), so a reload
//   forgets it. The login asks for a browser session ("client":"browser"): the refresh token then never appears
//   in a response body, only in the HttpOnly cookie `__Host-refresh_token` that scripts never see.
// - A refresh spends the cookie's token (rotation). Concurrent callers in this tab share one in-flight refresh;
//   tabs take the Web Lock "blog-images-refresh" around it, and the winner shares the new access token over the
//   BroadcastChannel, so a tab that waited for the lock uses that token instead of presenting a spent one.
// - A call answered 401 is refreshed once and retried once.

const CHANNEL = 'blog-images-auth';
const LOCK = 'blog-images-refresh';
const EARLY_REFRESH_SECONDS = 20;

let accessToken = null;
let inFlightRefresh = null;
const listeners = new Set();
const channel = 'BroadcastChannel' in window ? new BroadcastChannel(CHANNEL) : null;

/** Thrown when there is no session any more (refresh refused): the user has to sign in. */
export class SessionExpired extends Error {
  constructor(message = 'Your session has ended. Please sign in again.') {
    super(message);
    this.name = 'SessionExpired';
  }
}

/** A problem+json (or other) error answer of the API, with the server's own words in `message`. */
export class ApiError extends Error {
  constructor(status, problem, fallback) {
    super(problemText(problem) || fallback || `The server answered ${status}.`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

/** The human part of a problem document: its detail (plus field errors), else its title. */
export function problemText(problem) {
  if (!problem || typeof problem !== 'object') {
    return typeof problem === 'string' && problem.length < 300 ? problem : '';
  }
  let text = problem.detail || problem.title || '';
  if (Array.isArray(problem.errors) && problem.errors.length) {
    text += ' ' + problem.errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');
  }
  return text.trim();
}

export async function readProblem(response) {
  const type = response.headers.get('content-type') || '';
  try {
    if (type.includes('json')) {
      return await response.json();
    }
    return await response.text();
  } catch {
    return null;
  }
}

/** Who is signed in, from the access token's claims (display only: the servers verify the token). */
export function currentUser() {
  const claims = decodeClaims(accessToken);
  if (!claims) {
    return null;
  }
  return { username: claims.upn || claims.preferred_username || claims.sub, roles: claims.groups || [] };
}

/** The access token as it is now (may be null or about to expire: prefer freshToken()). */
export function currentAccessToken() {
  return accessToken;
}

/** Called with the new user (or null) whenever the session changes, in this tab or another. */
export function onSessionChange(listener) {
  listeners.add(listener);
}

function setToken(token, { broadcast } = { broadcast: false }) {
  const changed = token !== accessToken;
  accessToken = token;
  if (broadcast && channel) {
    channel.postMessage(token ? { type: 'token', accessToken: token } : { type: 'logout' });
  }
  if (changed) {
    const user = currentUser();
    listeners.forEach((listener) => listener(user));
  }
}

if (channel) {
  channel.addEventListener('message', (event) => {
    const message = event.data || {};
    if (message.type === 'token' && typeof message.accessToken === 'string') {
      setToken(message.accessToken);
    } else if (message.type === 'logout') {
      setToken(null);
    }
  });
}

function decodeClaims(token) {
  if (!token) {
    return null;
  }
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(payload), (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    return JSON.parse(json);
  } catch {
    return null;
  }
}

function expiresSoon(token) {
  const claims = decodeClaims(token);
  // An undecodable token is sent as it is: the server's 401 then triggers the refresh.
  return !!claims && typeof claims.exp === 'number' && claims.exp - Date.now() / 1000 < EARLY_REFRESH_SECONDS;
}

/** A POST whose refresh token is the cookie: an empty JSON body (the auth service consumes JSON only). */
function cookieOnlyPost() {
  return {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: '{}',
  };
}

async function withRefreshLock(work) {
  if (navigator.locks && navigator.locks.request) {
    return navigator.locks.request(LOCK, work);
  }
  return work(); // no Web Locks (not a secure context): this tab still refreshes only once at a time
}

/**
 * Gets a new access token from the refresh cookie, unless another tab (or an earlier refresh of this one)
 * already replaced `staleToken` while we waited. Shared by all concurrent callers of this tab.
 */
export function refresh(staleToken = accessToken) {
  if (accessToken && accessToken !== staleToken) {
    return Promise.resolve(accessToken);
  }
  if (!inFlightRefresh) {
    inFlightRefresh = withRefreshLock(async () => {
      if (accessToken && accessToken !== staleToken) {
        return accessToken; // another tab refreshed while we waited for the lock and told us
      }
      const response = await fetch('/api/auth/refresh', cookieOnlyPost());
      if (response.status === 401) {
        setToken(null);
        throw new SessionExpired();
      }
      if (!response.ok) {
        throw new ApiError(response.status, await readProblem(response), 'Could not renew your session.');
      }
      const body = await response.json();
      setToken(body.accessToken, { broadcast: true });
      return body.accessToken;
    }).finally(() => {
      inFlightRefresh = null;
    });
  }
  return inFlightRefresh;
}

/** On page load: restore the session from the cookie if there is one. Resolves to the user or null. */
export async function restoreSession() {
  try {
    await refresh(null);
    return currentUser();
  } catch (error) {
    if (error instanceof SessionExpired) {
      return null;
    }
    throw error;
  }
}

export async function login(username, password) {
  const response = await fetch('/api/auth/login', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username, password, client: 'browser' }),
  });
  if (!response.ok) {
    throw new ApiError(response.status, await readProblem(response), 'Sign-in failed.');
  }
  const body = await response.json();
  setToken(body.accessToken, { broadcast: true });
  return currentUser();
}

export async function logout() {
  try {
    const response = await fetch('/api/auth/logout', cookieOnlyPost());
    if (!response.ok && response.status !== 204) {
      throw new ApiError(response.status, await readProblem(response), 'Sign-out failed.');
    }
  } finally {
    setToken(null, { broadcast: true });
  }
}

/** A token good for the next call: refreshed first when it is missing or about to expire. */
export async function freshToken() {
  if (!accessToken || expiresSoon(accessToken)) {
    return refresh(accessToken);
  }
  return accessToken;
}

/** fetch() with the access token; on 401 refreshes once and retries once. */
export async function authFetch(url, options = {}) {
  const send = (token) => fetch(url, {
    ...options,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', ...(options.headers || {}), Authorization: `Bearer ${token}` },
  });
  const token = await freshToken();
  const response = await send(token);
  if (response.status !== 401) {
    return response;
  }
  return send(await refresh(token));
}

/**
 * For the end-to-end test only: if the page was given `window.__adminUiTestHooks = {}` before this module ran
 * (Playwright's addInitScript), it gets a way to replace the in-memory access token, e.g. with an invalid one,
 * and to make authenticated calls.
 * Nothing is exposed otherwise.
 */
if (window.__adminUiTestHooks && typeof window.__adminUiTestHooks === 'object') {
  window.__adminUiTestHooks.setAccessToken = (token) => { accessToken = token; };
  window.__adminUiTestHooks.accessToken = () => accessToken;
  window.__adminUiTestHooks.authFetch = authFetch;
}
