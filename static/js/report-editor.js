/* Report editor: "↑ Up" / "↓ Down" move a block on the page, without a reload.
 *
 * Each block carries a hidden position field (blocks-N-position); moving a block renumbers
 * them, and the next save writes the new order together with the report's version, so the
 * server's conflict check holds as for any other change. Without this script the buttons
 * submit the form (move=up:<id>) and the server moves the block.
 */
(function () {
  "use strict";

  function refresh(list) {
    var rows = list.querySelectorAll(".js-block");
    var numbers = {};
    rows.forEach(function (row, index) {
      var position = row.querySelector("input.js-block-position");
      if (position) {
        position.value = index + 1;
      }
      var number = row.querySelector(".js-block-number");
      if (number) {
        number.textContent = index + 1;
      }
      var up = row.querySelector('button.js-move[value^="up:"]');
      var down = row.querySelector('button.js-move[value^="down:"]');
      if (up) {
        up.disabled = index === 0;
      }
      if (down) {
        down.disabled = index === rows.length - 1;
      }
      if (row.dataset.blockId) {
        numbers[row.dataset.blockId] = index + 1;
      }
    });
    // The photo placement choices name the blocks by their number: keep them in step.
    document.querySelectorAll("select.js-place-after option").forEach(function (option) {
      if (numbers[option.value]) {
        option.textContent = option.textContent.replace(/^\d+\./, numbers[option.value] + ".");
      }
    });
  }

  function move(list, button) {
    var row = button.closest(".js-block");
    var up = button.value.indexOf("up:") === 0;
    var other = up ? row.previousElementSibling : row.nextElementSibling;
    if (!other || !other.classList.contains("js-block")) {
      return;
    }
    list.insertBefore(row, up ? other : other.nextElementSibling);
    refresh(list);
    var position = row.querySelector("input.js-block-position");
    if (position) {
      // A change the unsaved-changes warning can hear.
      position.dispatchEvent(new Event("change", { bubbles: true }));
    }
    (button.disabled ? row.querySelector("button.js-move:not([disabled])") : button).focus();
    var status = document.querySelector(".js-block-status");
    if (status) {
      status.textContent = list.dataset.moved || "";
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var list = document.querySelector(".js-block-list");
    if (!list) {
      return;
    }
    list.addEventListener("click", function (event) {
      var button = event.target.closest("button.js-move");
      if (button && list.contains(button)) {
        event.preventDefault();
        move(list, button);
      }
    });
  });
})();
