// Behaviours the pages declare with data attributes: the Content-Security-Policy (core/security.py) runs no inline
// script nor on* attribute. Delegated on the document, so the content htmx swaps in behaves the same.
(function () {
  "use strict";

  // <button data-print>: prints the page.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); }
  });

  // <input data-select-on-focus>: the whole value is selected, ready to copy (a new API key).
  document.addEventListener("focusin", function (event) {
    if (event.target.matches("[data-select-on-focus]")) { event.target.select(); }
  });

  // <input data-counter="ID">: the [data-count] inside #ID shows the length of the value (looked up again after
  // each htmx swap: the EAN look-up replaces the title input, pre-filled).
  var count = function (input) {
    var counter = document.querySelector("#" + input.dataset.counter + " [data-count]");
    if (counter) { counter.textContent = input.value.length; }
  };
  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-counter]")) { count(event.target); }
  });
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll("[data-counter]").forEach(count);
  });

  // A table that scrolls sideways (a phone, a long row) can be reached with the keyboard: it takes the focus, named
  // by its caption, and the arrow keys scroll it (RGAA 7.3, axe "scrollable-region-focusable"). Not a tab stop when
  // the whole table fits. Every ".fr-table > table" of the page, again after each htmx swap.
  var scrollable = function (table) {
    if (table.scrollWidth > table.clientWidth + 1) {
      table.setAttribute("tabindex", "0");
    } else if (table.getAttribute("tabindex") === "0") {
      table.removeAttribute("tabindex");
    }
  };
  var watched = new WeakSet();
  var observer = "ResizeObserver" in window ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { scrollable(entry.target); });
  }) : null;
  var watchTables = function () {
    document.querySelectorAll(".fr-table > table").forEach(function (table) {
      scrollable(table);
      if (observer && !watched.has(table)) { watched.add(table); observer.observe(table); }
    });
  };
  document.addEventListener("DOMContentLoaded", watchTables);
  document.addEventListener("htmx:afterSettle", watchTables);
  window.addEventListener("resize", watchTables);
  // <span data-percent="N">: a bar of a chart N % wide ("Suivi des remboursements"; a table gives the same figures).
  document.querySelectorAll("[data-percent]").forEach(function (bar) {
    bar.style.width = Math.max(1, Math.min(100, parseInt(bar.dataset.percent, 10) || 0)) + "%";
  });
})();
