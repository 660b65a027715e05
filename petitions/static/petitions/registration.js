// The registration form: the visit's time and receiving officer are asked for a walk-in
// (channel "visit") only; the note on the check code shows while no phone is entered.
(function () {
  "use strict";
  var form = document.getElementById("registration-form");
  if (!form) return;
  var channel = form.querySelector("[name='channel']");
  var visitFields = form.querySelector("[data-visit-fields]");
  var noPhoneNote = form.querySelector("[data-no-phone-note]");

  function showVisitFields() {
    if (channel && visitFields) visitFields.hidden = channel.value !== "visit";
  }

  function showNoPhoneNote() {
    if (!noPhoneNote) return;
    var phones = form.querySelectorAll("[name^='people-'][name$='-phone']");
    var given = Array.prototype.some.call(phones, function (input) {
      var row = input.closest("[data-formset-row]");
      var removed = row && row.querySelector("[name$='-DELETE']:checked");
      return !removed && input.value.replace(/\D/g, "").length >= 4;
    });
    noPhoneNote.hidden = given;
  }

  if (channel) channel.addEventListener("change", showVisitFields);
  form.addEventListener("input", showNoPhoneNote);
  form.addEventListener("click", function () { window.setTimeout(showNoPhoneNote, 0); });
  showVisitFields();
  showNoPhoneNote();
})();
