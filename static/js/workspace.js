/* Workspace helpers; every page also works without them. */
(function () {
  "use strict";

  // Attendance: live counts, and the reason box only matters for "absent with reason".
  function updateCounts() {
    var counts = {};
    document.querySelectorAll(".js-attendance-row").forEach(function (row) {
      var checked = row.querySelector("input.js-attendance:checked, input[type=radio]:checked");
      var status = checked ? checked.value : "";
      counts[status] = (counts[status] || 0) + 1;
      var reason = row.querySelector(".js-reason");
      if (reason) {
        reason.disabled = status !== "excused";
      }
    });
    document.querySelectorAll(".js-count").forEach(function (output) {
      output.textContent = counts[output.dataset.status] || 0;
    });
  }

  // Picking a member fills in the name and the title they held that day; picking another
  // member replaces them (the earlier member's would otherwise be printed in the minutes).
  // Clearing the pick ("not a member") leaves what was typed.
  function fillPerson(select) {
    var option = select.options[select.selectedIndex];
    var row = select.closest(".row");
    if (!row || !option || !option.value) {
      return;
    }
    var name = row.querySelector(".js-person-name");
    var title = row.querySelector(".js-person-title");
    if (name) {
      name.value = option.textContent.trim();
      name.dispatchEvent(new Event("input", { bubbles: true }));
    }
    if (title) {
      title.value = option.dataset.title || "";
      title.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (document.querySelector(".js-attendance-row")) {
      updateCounts();
      document.addEventListener("change", function (event) {
        if (event.target.closest(".js-attendance-row")) {
          updateCounts();
        }
      });
    }
    document.addEventListener("change", function (event) {
      if (event.target.matches("select.js-member-pick")) {
        fillPerson(event.target);
      }
    });
  });
})();
