/* The news list's filters (templates/news/report_list.html): folded behind their "Bộ lọc"
   button on phones, so that the results come first; open on wider screens. Loaded right after
   the <details> it folds (not deferred), so a phone never paints them open. Without this
   script the filters simply stay open. */
(function () {
  "use strict";

  var phone = window.matchMedia("(max-width: 767.98px)");

  function apply() {
    var folds = document.querySelectorAll("details[data-fold-on-phone]");
    for (var i = 0; i < folds.length; i++) {
      folds[i].open = !phone.matches;
    }
  }

  apply();
  if (phone.addEventListener) {
    phone.addEventListener("change", apply);
  }
})();
