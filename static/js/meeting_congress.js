/* The meeting page: parts that belong to one kind of meeting (data-kind-part="congress") are
   shown while that kind is ticked, or while they hold something typed. Without this script
   they are always shown. */
(function () {
  "use strict";
  var parts = document.querySelectorAll("[data-kind-part]");
  if (!parts.length) return;
  var boxes = document.querySelectorAll('input[name="meeting-kinds"]');

  function ticked(kind) {
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].value === kind && boxes[i].checked) return true;
    }
    return false;
  }

  function holdsValues(part) {
    var fields = part.querySelectorAll("input, select, textarea");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.type === "hidden" || f.type === "button" || f.type === "submit") continue;
      if (f.type === "checkbox" || f.type === "radio") {
        if (f.checked) return true;
      } else if (f.value) {
        return true;
      }
    }
    return part.querySelector(".is-invalid, .invalid-feedback") !== null;
  }

  function update() {
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i];
      part.hidden = !ticked(part.getAttribute("data-kind-part")) && !holdsValues(part);
    }
  }

  for (var i = 0; i < boxes.length; i++) boxes[i].addEventListener("change", update);
  update();
})();
