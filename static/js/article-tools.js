/* The article's reader tools: share sheet, copy link, print, text size.
 *
 * Loaded in <head> without `defer`: the first lines apply the text size the reader chose
 * (kept in this browser's localStorage, never sent to the server) before the article is
 * drawn, so the page does not jump. The buttons are wired once the page is parsed; those
 * that need this script are `hidden` in the HTML and shown here.
 */
(function () {
  "use strict";

  var KEY = "sochibo.articleTextSize";
  var MIN = -1;
  var MAX = 3;
  var root = document.documentElement;

  function storedSize() {
    try {
      var value = parseInt(window.localStorage.getItem(KEY), 10);
      return isNaN(value) ? 0 : Math.min(MAX, Math.max(MIN, value));
    } catch (error) {
      return 0; // storage blocked (private mode, settings): the normal size
    }
  }

  function applySize(size) {
    if (size) {
      root.setAttribute("data-text-size", String(size));
    } else {
      root.removeAttribute("data-text-size");
    }
  }

  applySize(storedSize());

  function saveSize(size) {
    try {
      if (size) {
        window.localStorage.setItem(KEY, String(size));
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (error) {
      /* not remembered, still applied */
    }
  }

  function copyWithSelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "article-copy-buffer";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (error) {
      done = false;
    }
    document.body.removeChild(area);
    return done;
  }

  function setUpCopy(tools) {
    var button = tools.querySelector("[data-copy-link]");
    var status = tools.querySelector("[data-copy-status]");
    var field = tools.querySelector("[data-copy-field]");
    if (!button || !status) {
      return;
    }
    var timer = null;
    function say(message) {
      status.textContent = message;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        status.textContent = "";
      }, 4000);
    }
    function failed() {
      if (field) {
        field.hidden = false;
        var input = field.querySelector("input");
        input.focus();
        input.select();
      }
      say(status.getAttribute("data-copy-failed"));
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-share-url");
      var copied = function () {
        say(status.getAttribute("data-copied"));
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(copied, function () {
          if (copyWithSelection(url)) {
            copied();
          } else {
            failed();
          }
        });
      } else if (copyWithSelection(url)) {
        copied();
      } else {
        failed();
      }
    });
  }

  function setUpShare(tools) {
    var button = tools.querySelector("[data-share-native]");
    if (!button || typeof navigator.share !== "function") {
      return; // desktop browsers without a share sheet: Facebook and the copied link remain
    }
    var data = {
      title: button.getAttribute("data-share-title"),
      url: button.getAttribute("data-share-url"),
    };
    if (typeof navigator.canShare === "function" && !navigator.canShare(data)) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share(data).catch(function () {
        /* the reader closed the sheet */
      });
    });
  }

  function setUpSize(tools) {
    var group = tools.querySelector("[data-text-size-controls]");
    if (!group) {
      return;
    }
    var buttons = group.querySelectorAll("[data-text-size-step]");
    function show(size) {
      buttons.forEach(function (button) {
        var step = parseInt(button.getAttribute("data-text-size-step"), 10);
        if (step === 0) {
          button.setAttribute("aria-pressed", size === 0 ? "true" : "false");
        } else {
          button.disabled = step < 0 ? size <= MIN : size >= MAX;
        }
      });
    }
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var step = parseInt(button.getAttribute("data-text-size-step"), 10);
        var size = step === 0 ? 0 : Math.min(MAX, Math.max(MIN, storedSizeNow() + step));
        applySize(size);
        saveSize(size);
        show(size);
      });
    });
    group.hidden = false;
    show(storedSizeNow());
  }

  function storedSizeNow() {
    var value = parseInt(root.getAttribute("data-text-size") || "0", 10);
    return isNaN(value) ? 0 : value;
  }

  function setUpPrint(tools) {
    var button = tools.querySelector("[data-print]");
    if (!button || typeof window.print !== "function") {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  }

  // Photos further down load lazily: load them all before printing so that none is missing.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".article img[loading='lazy']").forEach(function (img) {
      img.loading = "eager";
    });
  });

  function setUp() {
    document.querySelectorAll("[data-article-tools]").forEach(function (tools) {
      setUpShare(tools);
      setUpCopy(tools);
      setUpSize(tools);
      setUpPrint(tools);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
