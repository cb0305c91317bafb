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

  // <span data-percent="N">: a bar of a chart N % wide ("Suivi des remboursements"; a table gives the same figures).
  document.querySelectorAll("[data-percent]").forEach(function (bar) {
    bar.style.width = Math.max(1, Math.min(100, parseInt(bar.dataset.percent, 10) || 0)) + "%";
  });
})();
