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

  // The year of the rows not saved yet follows the meeting: the year its review period ends
  // (filled in from the date and kinds by dates.js), else last year for a meeting held in
  // January (branchapp/forms/meeting_yearend.reviewed_year). A year typed by hand stays.
  var form = part.closest("form");
  if (!form) return;

  function dayOf(name) {
    var box = form.querySelector("[name='meeting-" + name + "']");
    var m = box && /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(box.value);
    return m ? { month: +m[2], year: +m[3] } : null;
  }

  function reviewedYear() {
    var end = dayOf("review_to");
    if (end) return end.year;
    var day = dayOf("date");
    if (!day) return null;
    return day.month === 1 ? day.year - 1 : day.year;
  }

  function newRowYears() {
    return Array.prototype.filter.call(
      part.querySelectorAll("input[name$='-year']"),
      function (box) {
        var id = form.querySelector("[name='" + box.name.replace(/-year$/, "-id") + "']");
        return !(id && id.value);
      }
    );
  }

  newRowYears().forEach(function (box) {
    box.setAttribute("data-default", box.value);
  });

  function followYear() {
    var year = reviewedYear();
    if (!year) return;
    newRowYears().forEach(function (box) {
      var previous = box.getAttribute("data-default") || "";
      if (box.value.trim() === "" ? previous === "" : box.value.trim() === previous) {
        box.value = String(year);
      }
      if (box.value.trim() === String(year)) box.setAttribute("data-default", String(year));
    });
  }

  form.addEventListener("change", function (event) {
    var name = event.target.name || "";
    if (/^meeting-(date|title|kinds|review_to)$/.test(name)) {
      // After dates.js has filled the periods in from the same change.
      window.setTimeout(followYear, 0);
    }
  });
})();
