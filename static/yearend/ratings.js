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
      var over = counts.excellent - allowed;
      var text = (form.dataset.capText || "")
        .replace("{excellent}", counts.excellent)
        .replace("{allowed}", allowed)
        .replace("{percent}", form.dataset.cap.replace(/\.0+$/, ""))
        .replace("{pool}", pool);
      if (over > 0) text += " " + (form.dataset.capOver || "").replace("{over}", over);
      status.textContent = text;
      status.classList.toggle("text-danger", over > 0);
      status.classList.toggle("fw-semibold", over > 0);
    }
  }

  document.querySelectorAll("[data-rating-grid]").forEach(function (form) {
    form.addEventListener("change", function () { update(form); });
    form.addEventListener("input", function () { update(form); });
    update(form);
  });
})();
