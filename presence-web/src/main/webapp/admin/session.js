// The operator's token and the calls made with it.
const API = new URL('../api/', location.href);
let token = null;

export const apiUrl = (path) => new URL(path, API);

export function setToken(jwt) {
  token = jwt;
}

export function hasToken() {
  return token !== null;
}

/** The token's claims (not verified: the server does that), for showing who is signed in. */
export function claims() {
  try {
    return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return {};
  }
}

/** A call to the API with the operator's token: {status, body}. */
export async function api(path, options = {}) {
  const r = await fetch(apiUrl(path), { ...options, headers: { ...(options.headers || {}), Authorization: `Bearer ${token}` } });
  const body = await r.json().catch(() => ({}));
  return { status: r.status, body };
}
