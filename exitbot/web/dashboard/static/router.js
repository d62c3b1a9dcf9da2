// Hash routes (#/interviews?status=completed, #/interviews/42, #/stats …): the server serves
// one page at /, deep links and the back button still work, and the filters live in the URL.

const listeners = new Set();

/** The current route: its path segments and its query parameters. */
export function current() {
  const hash = window.location.hash.startsWith("#/") ? window.location.hash.slice(1) : "/interviews";
  const [path, search = ""] = hash.split("?");
  return { parts: path.split("/").filter(Boolean), params: new URLSearchParams(search) };
}

export function href(path, params) {
  const entries = params instanceof URLSearchParams ? [...params] : Object.entries(params || {});
  const kept = entries.filter(([, value]) => value !== null && value !== undefined && value !== "");
  const search = new URLSearchParams(kept.map(([name, value]) => [name, String(value)])).toString();
  return `#${path}${search ? `?${search}` : ""}`;
}

export function go(path, params) {
  const target = href(path, params);
  if (window.location.hash === target) notify();
  else window.location.hash = target;
}

export function onChange(listener) {
  listeners.add(listener);
}

function notify() {
  for (const listener of listeners) listener(current());
}

window.addEventListener("hashchange", () => {
  // "#main" and other in-page anchors are not routes.
  if (window.location.hash === "" || window.location.hash.startsWith("#/")) notify();
});
