// "Download CSV" of the list's filters (text search included): GET /api/export.csv with the
// token as a header (so not a plain link), handed to the browser as a file.

import { download } from "./api.js";
import { h } from "./dom.js";
import { saveFile } from "./download.js";
import { filterParams } from "./filters.js";

export function csvControl(filters, signal) {
  const status = h("span", { class: "hint", id: "csv-status", role: "status" });
  const button = h(
    "button",
    { type: "button", class: "button secondary", id: "download-csv" },
    "Download CSV",
  );
  button.addEventListener("click", async () => {
    const exported = filterParams(filters);
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
  return h("div", { class: "csv" }, button, status);
}
