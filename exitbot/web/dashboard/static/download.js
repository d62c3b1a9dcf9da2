// Hands a fetched file to the browser as a download: the CSV needs the Authorization header,
// so it cannot be a plain link.

import { h } from "./dom.js";

export function saveFile(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the link; the URL is kept a while for slow browsers.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
