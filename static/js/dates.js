/* Date boxes in dd/mm/yyyy (branchapp/forms/dates.py): a calendar picker (air-datepicker,
   served by the app), the chosen date echoed in words as the secretary types, and on the meeting
   page the periods and term filled in from the kinds and the date (the rules of
   branchapp/selectors/periods.py) and a warning when the title names another month.
   Without this script the boxes are plain text boxes read day-first by the app. */
(function () {
  "use strict";

  var YEAR_END_KINDS = ["review_conference", "rating"];
  var MONTH_KINDS = ["monthly", "committee_meeting"];
  var TERM_YEARS = 5;

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function format(date) {
    return pad(date.getDate()) + "/" + pad(date.getMonth() + 1) + "/" + date.getFullYear();
  }

  function makeDate(year, month, day) {
    var date = new Date(year, month - 1, day);
    if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) {
      return null;
    }
    return date;
  }

  // Day first, as the app reads it: 4/10/2025, 04/10/2025, 4-10-2025, 4.10.2025, 4/10/25.
  function parse(text) {
    var value = (text || "").trim();
    var m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(value);
    if (m) {
      return makeDate(+m[4], +m[3], +m[1]);
    }
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{2})$/.exec(value);
    if (m) {
      var year = +m[3];
      return makeDate(year < 69 ? 2000 + year : 1900 + year, +m[2], +m[1]);
    }
    m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
    return m ? makeDate(+m[1], +m[2], +m[3]) : null;
  }

  function localeFrom(element) {
    function list(name) {
      return (element.getAttribute("data-" + name) || "").split("|");
    }
    return {
      days: list("days"),
      daysShort: list("days-short"),
      daysMin: list("days-short"),
      months: list("months"),
      monthsShort: list("months-short"),
      today: element.getAttribute("data-today"),
      clear: element.getAttribute("data-clear"),
      dateFormat: "dd/MM/yyyy",
      timeFormat: "HH:mm",
      firstDay: 1
    };
  }

  var localeElement = document.getElementById("ws-date-locale");
  var locale = localeElement ? localeFrom(localeElement) : null;

  function inWords(date) {
    return locale ? locale.days[date.getDay()] + ", " + format(date) : format(date);
  }

  function echoOf(input) {
    var id = input.getAttribute("aria-describedby");
    return id ? document.getElementById(id) : null;
  }

  // The echo under the box: the date in words, or how to type it once the box is left.
  function updateEcho(input, leaving) {
    var echo = echoOf(input);
    if (!echo) {
      return;
    }
    var date = parse(input.value);
    if (date) {
      echo.textContent = inWords(date);
    } else if (leaving && input.value.trim() && localeElement) {
      echo.textContent = localeElement.getAttribute("data-unreadable");
    } else {
      echo.textContent = "";
    }
  }

  function attachPicker(input) {
    if (typeof window.AirDatepicker !== "function" || !locale) {
      return;
    }
    var start = parse(input.value);
    var picker = new window.AirDatepicker(input, {
      locale: locale,
      dateFormat: "dd/MM/yyyy",
      firstDay: 1,
      autoClose: true,
      toggleSelected: false,
      selectedDates: start ? [start] : [],
      buttons: ["today", "clear"],
      onSelect: function () {
        updateEcho(input, false);
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    input._datepicker = picker;
  }

  // Leaving a box: a readable date is shown back as dd/mm/yyyy and the calendar follows it.
  function normalise(input) {
    var date = parse(input.value);
    if (!date) {
      return;
    }
    input.value = format(date);
    var picker = input._datepicker;
    if (picker) {
      var current = picker.selectedDates[0];
      if (!current || format(current) !== format(date)) {
        picker.selectDate(date, { silent: true });
      }
      picker.setViewDate(date);
    }
  }

  // -- the meeting's periods and term, from its kinds, date and title ----------------------

  function fold(text) {
    return (text || "")
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .normalize("NFC");
  }

  var REVIEW_WORDS = "(?:kiem diem|danh gia|tong ket|so ket|nhin lai)";
  var PLAN_WORDS = "(?:trien khai|phuong huong|ke hoach|nhiem vu)";
  var MONTH = "thang\\s*(\\d{1,2})(?!\\d)(?:\\s*(?:/|-|nam)\\s*(\\d{4}))?";
  var REVIEW_MONTH = new RegExp(REVIEW_WORDS + "[^,;.]*?" + MONTH);
  var PLAN_MONTH = new RegExp(PLAN_WORDS + "[^,;.]*?" + MONTH);
  var REVIEW_YEAR = new RegExp(REVIEW_WORDS + "[^,;.]*?nam\\s*(\\d{4})");
  var PLAN_YEAR = new RegExp(PLAN_WORDS + "[^,;.]*?nam\\s*(\\d{4})");
  var ANY_MONTH = new RegExp(MONTH, "g");
  var ANY_YEAR = /(?<!thang )(?<!\/)\bnam\s*(\d{4})/g;
  var TERM = /(\d{4})\s*[-–—]\s*(\d{4})/;

  function nearestYear(month, day) {
    var current = day.getMonth() + 1;
    if (month - current > 6) return day.getFullYear() - 1;
    if (current - month > 6) return day.getFullYear() + 1;
    return day.getFullYear();
  }

  function monthFrom(pattern, title, day) {
    var m = pattern.exec(title);
    if (!m || +m[1] < 1 || +m[1] > 12) return null;
    return [m[2] ? +m[2] : nearestYear(+m[1], day), +m[1]];
  }

  function yearFrom(pattern, title, day) {
    var m = pattern.exec(title);
    return m && Math.abs(+m[1] - day.getFullYear()) <= 1 ? +m[1] : null;
  }

  function monthSpan(ym) {
    return [new Date(ym[0], ym[1] - 1, 1), new Date(ym[0], ym[1], 0)];
  }

  function yearSpan(year) {
    return [new Date(year, 0, 1), new Date(year, 11, 31)];
  }

  function has(kinds, list) {
    return list.some(function (kind) { return kinds.indexOf(kind) >= 0; });
  }

  function periodDefaults(kinds, day, title) {
    var out = { review_from: "", review_to: "", plan_from: "", plan_to: "", term: "" };
    if (!day) return out;
    var folded = fold(title);
    var month = day.getMonth() + 1;
    var year = day.getFullYear();
    var review = null;
    var plan = null;
    var turnOfYear = [1, 2, 3, 10, 11, 12].indexOf(month) >= 0;
    if (has(kinds, YEAR_END_KINDS) || (kinds.indexOf("periodic") >= 0 && turnOfYear)) {
      var reviewed = yearFrom(REVIEW_YEAR, folded, day) || (month <= 6 ? year - 1 : year);
      review = yearSpan(reviewed);
      plan = yearSpan(yearFrom(PLAN_YEAR, folded, day) || reviewed + 1);
    } else if (kinds.indexOf("periodic") >= 0) {
      review = [new Date(year, 0, 1), new Date(year, 5, 30)];
      plan = [new Date(year, 6, 1), new Date(year, 11, 31)];
    } else if (has(kinds, MONTH_KINDS)) {
      var previous = month === 1 ? [year - 1, 12] : [year, month - 1];
      var r = monthFrom(REVIEW_MONTH, folded, day);
      var p = monthFrom(PLAN_MONTH, folded, day);
      if (r && !p) p = r[1] === 12 ? [r[0] + 1, 1] : [r[0], r[1] + 1];
      if (p && !r) r = p[1] === 1 ? [p[0] - 1, 12] : [p[0], p[1] - 1];
      review = monthSpan(r || previous);
      plan = monthSpan(p || [year, month]);
    }
    if (review) {
      out.review_from = format(review[0]);
      out.review_to = format(review[1]);
      out.plan_from = format(plan[0]);
      out.plan_to = format(plan[1]);
    }
    if (kinds.indexOf("congress") >= 0) {
      var t = TERM.exec(title || "");
      var first = t ? +t[1] : 0;
      var last = t ? +t[2] : 0;
      if (!(t && first < last && last <= first + TERM_YEARS)) {
        first = year;
        last = year + TERM_YEARS;
      }
      out.term = first + "-" + last;
    }
    return out;
  }

  function titleMismatch(title, day, years) {
    if (!title || !day) return null;
    var folded = fold(title);
    var months = [];
    var m;
    ANY_MONTH.lastIndex = 0;
    while ((m = ANY_MONTH.exec(folded))) {
      if (+m[1] >= 1 && +m[1] <= 12) months.push([+m[1], m[2] ? +m[2] : null]);
    }
    if (months.length) {
      var matches = months.some(function (x) {
        return x[0] === day.getMonth() + 1 && (x[1] === null || x[1] === day.getFullYear());
      });
      if (matches) return null;
      return "tháng " + months[0][0] + (months[0][1] ? "/" + months[0][1] : "");
    }
    var named = [];
    ANY_YEAR.lastIndex = 0;
    while ((m = ANY_YEAR.exec(folded))) named.push(+m[1]);
    years.push(day.getFullYear());
    if (named.length && !named.some(function (y) { return years.indexOf(y) >= 0; })) {
      return "năm " + named[0];
    }
    return null;
  }

  function meetingPage(form) {
    var field = function (name) { return form.querySelector("[name='meeting-" + name + "']"); };
    var title = field("title");
    var date = field("date");
    var warning = form.querySelector(".js-title-date-warning");
    var periods = Array.prototype.slice.call(form.querySelectorAll(".js-period"));
    if (!title || !date) return;

    function kinds() {
      return Array.prototype.map.call(
        form.querySelectorAll("input[name='meeting-kinds']:checked"),
        function (box) { return box.value; }
      );
    }

    function fillPeriods() {
      var defaults = periodDefaults(kinds(), parse(date.value), title.value);
      periods.forEach(function (box) {
        var key = box.name.replace(/^meeting-/, "");
        var previous = box.getAttribute("data-default") || "";
        var value = defaults[key] || "";
        // Only what the page filled in (or nothing) is replaced; a typed value stays.
        if (box.value.trim() === "" || box.value.trim() === previous) {
          if (box.value !== value) {
            box.value = value;
            updateEcho(box, false);
            if (box._datepicker) {
              var parsed = parse(value);
              if (parsed) {
                box._datepicker.selectDate(parsed, { silent: true });
                box._datepicker.setViewDate(parsed);
              } else {
                box._datepicker.clear({ silent: true });
              }
            }
          }
        }
        box.setAttribute("data-default", value);
      });
    }

    function checkTitle() {
      if (!warning) return;
      var years = periods
        .map(function (box) { return parse(box.value); })
        .filter(Boolean)
        .map(function (d) { return d.getFullYear(); });
      var day = parse(date.value);
      var named = titleMismatch(title.value, day, years);
      if (named) {
        warning.textContent = warning.getAttribute("data-message")
          .replace("%(named)s", named)
          .replace("%(date)s", format(day));
        warning.hidden = false;
      } else {
        warning.hidden = true;
        warning.textContent = "";
      }
    }

    form.addEventListener("change", function (event) {
      var target = event.target;
      if (target === date || target === title || target.name === "meeting-kinds") {
        fillPeriods();
      }
      checkTitle();
    });
    title.addEventListener("input", checkTitle);
    date.addEventListener("input", checkTitle);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input.js-date").forEach(function (input) {
      attachPicker(input);
      input.addEventListener("input", function () { updateEcho(input, false); });
      input.addEventListener("change", function () {
        normalise(input);
        updateEcho(input, true);
      });
    });
    document.querySelectorAll("form.ws-meeting-form").forEach(meetingPage);
  });
})();
