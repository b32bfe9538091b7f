/* Meeting entry: attendance two ways and the live quorum figure.
 *
 * Shows the numbers or the roll as the chosen way of recording attendance asks, and computes
 * the quorum as the server does (branchapp/attendance.py): the full members present against
 * the rule in force (data attributes of the attendance fieldset). Without this script both
 * parts show and the figure is computed when the meeting is saved. */
(function () {
  "use strict";

  function parseRule(text) {
    if (!text) {
      return null;
    }
    var parts = text.split("/");
    return {
      numerator: parseInt(parts[0], 10),
      denominator: parseInt(parts[1], 10),
      strict: parts[2] === "1",
      base: parts[3]
    };
  }

  function needed(rule, base) {
    var product = rule.numerator * base;
    if (rule.strict) {
      return Math.floor(product / rule.denominator) + 1;
    }
    return Math.ceil(product / rule.denominator);
  }

  function fill(format, values) {
    return format.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : all;
    });
  }

  function numberOf(form, name) {
    var input = form.querySelector("[name='counts-" + name + "']");
    if (!input || input.value.trim() === "") {
      return null;
    }
    var value = parseInt(input.value, 10);
    return isNaN(value) ? null : value;
  }

  function mode(form) {
    var checked = form.querySelector("input[name='counts-attendance_mode']:checked");
    return checked ? checked.value : "roll";
  }

  // The numbers quorum is counted from: {denominator, full_members, full_present}.
  function bases(form, fieldset) {
    if (mode(form) === "roll") {
      var present = 0;
      var unexcused = 0;
      var convened = 0;
      fieldset.querySelectorAll(".js-attendance-row").forEach(function (row) {
        var category = row.dataset.category;
        if (category !== "full" && category !== "exempt") {
          return;
        }
        var checked = row.querySelector("input[type=radio]:checked");
        var status = checked ? checked.value : "";
        if (status === "present") {
          present += 1;
        } else if (status === "unexcused") {
          unexcused += 1;
        }
        if ((category === "full" && status !== "exempt") || status === "present") {
          convened += 1;
        }
      });
      return { denominator: present + unexcused, full_members: convened, full_present: present };
    }
    // From the numbers, a member absent is taken as a full member (as the server does).
    var presentFull = numberOf(form, "present_full");
    var others =
      (numberOf(form, "present_probationary") || 0) + (numberOf(form, "present_temporary") || 0);
    if (presentFull === null && numberOf(form, "present") !== null) {
      presentFull = Math.max(numberOf(form, "present") - others, 0);
    }
    var convenedCount = numberOf(form, "convened");
    return {
      denominator: presentFull === null ? null : presentFull + (numberOf(form, "unexcused") || 0),
      full_members: convenedCount === null ? null : Math.max(convenedCount - others, 0),
      full_present: presentFull
    };
  }

  function update(form, fieldset) {
    var counts = mode(form) === "counts";
    var countsPart = fieldset.querySelector(".js-counts-part");
    var rollPart = fieldset.querySelector(".js-roll-part");
    if (countsPart) {
      countsPart.hidden = !counts;
    }
    if (rollPart) {
      rollPart.hidden = counts;
    }
    var output = fieldset.querySelector(".js-quorum");
    if (!output) {
      return;
    }
    var congress = form.querySelector("input[name='meeting-kinds'][value='congress']:checked");
    var rule = parseRule(
      congress ? fieldset.dataset.congressQuorum : fieldset.dataset.meetingQuorum
    );
    var figures = bases(form, fieldset);
    var base = rule ? figures[rule.base] : null;
    if (!rule || !base || figures.full_present === null) {
      output.textContent = "—";
      output.classList.remove("text-danger", "text-success");
      return;
    }
    var need = needed(rule, base);
    var exact = (rule.numerator * base) % rule.denominator === 0;
    var needText = rule.strict && exact
      ? fill(fieldset.dataset.textMore, { n: (rule.numerator * base) / rule.denominator })
      : fill(fieldset.dataset.textLeast, { n: need });
    var met = figures.full_present >= need;
    output.textContent =
      (met ? fieldset.dataset.textOk : fieldset.dataset.textBelow) + ": " +
      fill(fieldset.dataset.textFormat, { count: figures.full_present, base: base, need: needText });
    output.classList.toggle("text-danger", !met);
    output.classList.toggle("text-success", met);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var fieldset = document.querySelector(".ws-attendance-part");
    var form = fieldset ? fieldset.closest("form") : null;
    if (!form) {
      return;
    }
    update(form, fieldset);
    form.addEventListener("change", function () {
      update(form, fieldset);
    });
    form.addEventListener("input", function (event) {
      if (event.target.matches(".js-attendance-count")) {
        update(form, fieldset);
      }
    });
  });
})();
