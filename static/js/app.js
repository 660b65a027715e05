// Small behaviours of our own; third-party scripts come from npm (static/vendor).
(function () {
  "use strict";

  // Buttons with data-confirm ask before submitting their form.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // Buttons with data-print print the page (letters, notices).
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });

  // Selects with data-autosubmit submit their form when changed (language, filters).
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]") && event.target.form) {
      event.target.form.submit();
    }
  });

  // Django formsets: data-formset-add clones the empty form; data-formset-remove
  // ticks the row's DELETE box and hides it (indexes stay contiguous).
  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-formset-add]");
    if (add) {
      var prefix = add.getAttribute("data-formset-add");
      var container = document.querySelector('[data-formset="' + prefix + '"]');
      var total = container.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
      var template = container.querySelector("template[data-formset-template]");
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var rows = container.querySelector("[data-formset-rows]");
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var row = rows.lastElementChild;
      if (window.htmx) { window.htmx.process(row); }
      var first = row.querySelector("input:not([type=hidden]):not([type=checkbox])");
      if (first) { first.focus(); }
      return;
    }
    var remove = event.target.closest("[data-formset-remove]");
    if (remove) {
      var removed = remove.closest("[data-formset-row]");
      var box = removed.querySelector('input[type=checkbox][name$="-DELETE"]');
      if (box) { box.checked = true; }
      removed.hidden = true;
      document.body.dispatchEvent(new Event("lookup-people"));
    }
  });

  // Registration: look up earlier petitions when a name, identity number or phone changes.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.form && input.form.id === "registration-form" &&
        /(id_number|phone|-name)$/.test(input.name || "")) {
      document.body.dispatchEvent(new Event("lookup-people"));
    }
  });
  // Registration: the form's one-time token survives the back button. The page is not
  // cached (no-store), so going back fetches a fresh token; put back the one this tab
  // submitted from this address, so a resubmission shows the case already registered.
  var TOKEN_KEY = "submitted-token:" + window.location.pathname;
  document.addEventListener("submit", function (event) {
    var token = event.target.querySelector && event.target.querySelector("[name=submission_token]");
    if (token && token.value) {
      try { window.sessionStorage.setItem(TOKEN_KEY, token.value); } catch (e) { /* private mode */ }
    }
  });
  function restoreToken() {
    var token = document.querySelector("#registration-form [name=submission_token]");
    var navigation = window.performance && performance.getEntriesByType ?
      performance.getEntriesByType("navigation")[0] : null;
    if (!token || !navigation || navigation.type !== "back_forward") { return; }
    var submitted = null;
    try { submitted = window.sessionStorage.getItem(TOKEN_KEY); } catch (e) { return; }
    if (submitted) { token.value = submitted; }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", restoreToken);
  } else {
    restoreToken();
  }
})();
