// Live tallies of a rating grid: counts by level, and the excellent cap, as levels change.
(function () {
  "use strict";
  var ORDER = ["excellent", "good", "completed", "not_completed"];

  function number(text) {
    if (text === undefined || text === null) return NaN;
    return parseFloat(String(text).trim().replace(",", "."));
  }

  function levelFromPoints(form, points) {
    if (isNaN(points) || !form.dataset.excellentMin) return "";
    if (points >= number(form.dataset.excellentMin)) return "excellent";
    if (points >= number(form.dataset.goodMin)) return "good";
    if (points >= number(form.dataset.completedMin)) return "completed";
    return "not_completed";
  }

  function update(form) {
    var counts = { excellent: 0, good: 0, completed: 0, not_completed: 0 };
    var unrated = 0;
    form.querySelectorAll("tr").forEach(function (row) {
      var select = row.querySelector("[data-level]");
      if (!select) return;
      var level = select.value;
      var points = row.querySelector("[data-points]");
      if (!level && points) level = levelFromPoints(form, number(points.value));
      if (level) counts[level] += 1; else unrated += 1;
    });
    var rated = 0;
    ORDER.forEach(function (level) {
      rated += counts[level];
      var cell = form.querySelector('[data-tally="' + level + '"]');
      if (cell) cell.textContent = counts[level];
    });
    var ratedCell = form.querySelector('[data-tally="rated"]');
    if (ratedCell) ratedCell.textContent = rated;
    var status = form.querySelector("[data-cap-status]");
    if (status && form.dataset.cap) {
      var pool = counts.excellent + counts.good;
      var allowed = Math.floor(pool * number(form.dataset.cap) / 100);
      status.textContent = counts.excellent + " / " + allowed + " (" + form.dataset.cap.replace(/\.0+$/, "") + "% × " + pool + ")";
      status.classList.toggle("text-danger", counts.excellent > allowed);
      status.classList.toggle("fw-semibold", counts.excellent > allowed);
    }
  }

  document.querySelectorAll("[data-rating-grid]").forEach(function (form) {
    form.addEventListener("change", function () { update(form); });
    form.addEventListener("input", function () { update(form); });
    update(form);
  });
})();
