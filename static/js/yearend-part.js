// The year-end part of the meeting page opens when a year-end kind of meeting is ticked
// (review conference, rating meeting, periodic plenary, congress). Without this script the
// part is open for those meetings once saved, and can be opened by hand.
(function () {
  "use strict";

  var part = document.querySelector("#yearend details[data-kinds]");
  if (!part) return;
  var kinds = part.getAttribute("data-kinds").split(" ");
  var boxes = document.querySelectorAll("input[name='meeting-kinds']");

  function update() {
    var wanted = Array.prototype.some.call(boxes, function (box) {
      return box.checked && kinds.indexOf(box.value) !== -1;
    });
    if (wanted) part.open = true;
  }

  Array.prototype.forEach.call(boxes, function (box) {
    box.addEventListener("change", update);
  });
})();
