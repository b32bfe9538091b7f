/* The article's views ("Lượt xem"): count this view and show the live count.
 *
 * The page is the same cached page for every reader and shows the count of the last batch
 * written; this asks the server (no cookie is sent or set) to count the view and answers the
 * live count, written into the page. The server leaves robots and repeated views out.
 */
(function () {
  "use strict";
  var box = document.querySelector("[data-view-count-url]");
  if (!box || !window.fetch) {
    return;
  }
  var number = box.querySelector(".article-views-number");
  var format = function (value) {
    try {
      return new Intl.NumberFormat(document.documentElement.lang || undefined).format(value);
    } catch (error) {
      return String(value);
    }
  };
  var send = function () {
    window
      .fetch(box.getAttribute("data-view-count-url"), {
        method: "POST",
        credentials: "omit",
        keepalive: true,
        headers: { Accept: "application/json" },
      })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && typeof data.views === "number" && data.views > 0) {
          number.textContent = format(data.views);
          box.hidden = false;
        }
      })
      .catch(function () {
        /* The count shown stays the cached one. */
      });
  };
  // A page loaded ahead of time (prerendered) is not yet a view.
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", send, { once: true });
  } else {
    send();
  }
})();
