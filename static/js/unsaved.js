// A warning before leaving a form with unsaved changes. Forms marked `data-unsaved-warning`
// are watched: once a field changes and until the form is submitted, leaving the page asks
// the browser's "leave the page?" question. Without this script the forms work as before.
(function () {
  "use strict";

  function state(form) {
    var parts = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === "submit" || field.type === "button") return;
      if (field.name === "csrfmiddlewaretoken") return;
      if ((field.type === "checkbox" || field.type === "radio") && !field.checked) return;
      if (field.type === "file") {
        parts.push(field.name + "=" + field.files.length);
        return;
      }
      parts.push(field.name + "=" + field.value);
    });
    return parts.join("&");
  }

  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-unsaved-warning]"));
  if (!forms.length) return;
  var initial = new Map();
  var submitting = false;
  forms.forEach(function (form) {
    initial.set(form, state(form));
    form.addEventListener("submit", function () { submitting = true; });
  });

  function changed() {
    return forms.some(function (form) {
      return document.body.contains(form) && state(form) !== initial.get(form);
    });
  }

  window.addEventListener("beforeunload", function (event) {
    if (submitting || !changed()) return;
    event.preventDefault();
    event.returnValue = "";
  });
  // A page restored from the back/forward cache starts afresh.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) submitting = false;
  });
})();
