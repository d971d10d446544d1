// Improvements only: every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // "/" focuses the search box, as on most search sites (not while typing in a field).
  const box = document.getElementById("q");
  document.addEventListener("keydown", (event) => {
    const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement?.tagName ?? "");
    if (box && event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });
  // A changed source, language or order applies at once (dates wait for Apply: a date being typed is
  // already "changed" after its first digit of the year).
  for (const field of document.querySelectorAll(".filters select")) {
    field.addEventListener("change", () => field.form.requestSubmit());
  }
  // The citation's Copy button (hidden without JavaScript: there is nothing it could do).
  for (const button of document.querySelectorAll("[data-copy]")) {
    const source = document.getElementById(button.dataset.copy);
    if (!source || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(source.textContent.trim());
      button.dataset.done = "true";
    });
  }
});
