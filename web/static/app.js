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
  // A source, language or order picked with the mouse applies at once. Chosen with the keyboard it waits for
  // Enter (or Apply): the arrow keys step through the options of a closed menu, and each step is a "change"
  // that must not reload the page (WCAG 3.2.2, On Input). Dates always wait for Apply: a date being typed is
  // already "changed" after the first digit of its year.
  for (const field of document.querySelectorAll(".filters select")) {
    let pointer = false;
    field.addEventListener("pointerdown", () => { pointer = true; });
    field.addEventListener("keydown", (event) => {
      pointer = false;
      if (event.key === "Enter") {
        event.preventDefault();
        field.form.requestSubmit();
      }
    });
    field.addEventListener("change", () => {
      if (pointer) field.form.requestSubmit();
    });
  }
  // The citation's Copy button (hidden without JavaScript: there is nothing it could do).
  for (const button of document.querySelectorAll("[data-copy]")) {
    const source = document.getElementById(button.dataset.copy);
    if (!source || !navigator.clipboard) continue;
    button.hidden = false;
    // What a screen reader says once the text is copied (the ✓ is drawn by the style sheet, never read).
    const status = document.querySelector(`[data-copy-status="${button.dataset.copy}"]`);
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(source.textContent.trim());
      button.dataset.done = "true";
      if (status) status.textContent = button.dataset.copied ?? "";
    });
  }
});
