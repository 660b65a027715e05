// The petition list's selection: select all on the page, the count, and the batch
// toolbar's buttons enabled only while something is selected.
(function () {
  "use strict";

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-batch-row]"));
  }

  function refresh() {
    var all = rows();
    var chosen = all.filter(function (box) { return box.checked; }).length;
    var count = document.querySelector("[data-batch-count]");
    if (count) { count.textContent = String(chosen); }
    var master = document.querySelector("[data-batch-all]");
    if (master) {
      master.checked = all.length > 0 && chosen === all.length;
      master.indeterminate = chosen > 0 && chosen < all.length;
    }
    document.querySelectorAll("[data-batch-needs-selection]").forEach(function (button) {
      button.disabled = chosen === 0;
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-batch-all]")) {
      rows().forEach(function (box) { box.checked = event.target.checked; });
      refresh();
    } else if (event.target.matches("[data-batch-row]")) {
      refresh();
    }
  });

  // The back button may restore ticked boxes: count them.
  window.addEventListener("pageshow", refresh);
  document.addEventListener("DOMContentLoaded", refresh);
})();
