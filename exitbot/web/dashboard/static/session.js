// The signed-in token, kept in this tab's sessionStorage only (never a cookie: the API reads
// it from the Authorization header, so no other site can make the browser send it), and who
// it is according to GET /api/me. That answer is awaited only where the role matters, so the
// first view's own request does not wait for it.

const KEY = "exitbot.token";
let identity = null;
let known = Promise.resolve(null);

export function token() {
  return window.sessionStorage.getItem(KEY);
}

/** Sign in: the token, and who the API said it is. */
export function keep(value, who) {
  window.sessionStorage.setItem(KEY, value);
  identity = who;
  known = Promise.resolve(who);
}

/** Who the token is, from an answer still on its way; resolves with it. */
export function learn(answer) {
  known = answer.then((who) => {
    identity = who;
    return who;
  });
  return known;
}

export function forget() {
  window.sessionStorage.removeItem(KEY);
  identity = null;
  known = Promise.resolve(null);
}

export function current() {
  return identity;
}

/** Whether to offer writes; the API still decides every write on its own (403). */
export async function isAdmin() {
  const who = await known.catch(() => null);
  return who !== null && who.role === "hr-admin";
}
