// "Download CSV" of the list's filters: GET /api/export.csv with the token as a header (so
// not a plain link), handed to the browser as a file. The export has no text search.

import { download } from "./api.js";
import { h } from "./dom.js";
import { saveFile } from "./download.js";
import { filterParams } from "./filters.js";

export function csvControl(filters, signal) {
  const status = h("span", { class: "hint", id: "csv-status", role: "status" });
  const note = filters.q
    ? h(
        "span",
        { class: "hint" },
        "The CSV has every interview of these filters; text search does not apply to it.",
      )
    : null;
  const button = h(
    "button",
    { type: "button", class: "button secondary", id: "download-csv" },
    "Download CSV",
  );
  button.addEventListener("click", async () => {
    const { q, ...exported } = filterParams(filters);
    button.disabled = true;
    status.textContent = "Preparing the CSV…";
    try {
      const file = await download("/api/export.csv", { params: exported, signal });
      saveFile(file.blob, file.filename);
      status.textContent = `Downloaded ${file.filename}.`;
    } catch (error) {
      status.textContent = `The CSV could not be made: ${error.message}`;
    } finally {
      button.disabled = false;
    }
  });
  return h("div", { class: "csv" }, button, status, note);
}
