/* Rows added in the page, for every formset rendered with data attributes:
 *
 *   <input name="PREFIX-TOTAL_FORMS">            (the formset's management form, anywhere in the form)
 *   <div data-formset data-prefix="PREFIX">
 *     <div data-formset-rows> …rows… </div>
 *     <template data-formset-empty> the empty row, numbered PREFIX-__prefix__ </template>
 *     <button type="button" data-formset-add hidden>Add a row</button>
 *   </div>
 *
 * "Add" copies the empty row with `PREFIX-__prefix__` replaced by the next row number, appends
 * it and raises TOTAL_FORMS. A row may hold formsets of its own (an agenda item's opinions):
 * their prefixes start with the row's, so they are numbered with it, and their own buttons
 * work the same way. Without this script the buttons stay hidden and the page offers its
 * extra empty rows after each save, as before. A new row sends "formset:added" (bubbling) so
 * that other scripts can set up its fields.
 */
(function () {
  "use strict";

  function managementInput(container, prefix, name) {
    var form = container.closest("form") || document;
    return form.querySelector('input[name="' + prefix + "-" + name + '"]');
  }

  function ownChild(container, selector) {
    for (var i = 0; i < container.children.length; i += 1) {
      if (container.children[i].matches(selector)) return container.children[i];
    }
    return null;
  }

  function refreshButton(container) {
    var button = ownChild(container, "[data-formset-add]");
    var total = managementInput(container, container.dataset.prefix, "TOTAL_FORMS");
    var max = managementInput(container, container.dataset.prefix, "MAX_NUM_FORMS");
    if (!button || !total) return;
    button.hidden = false;
    button.disabled = !!(max && max.value !== "" && Number(total.value) >= Number(max.value));
  }

  function addRow(container) {
    var prefix = container.dataset.prefix;
    var template = ownChild(container, "template[data-formset-empty]");
    var rows = ownChild(container, "[data-formset-rows]");
    var total = managementInput(container, prefix, "TOTAL_FORMS");
    if (!template || !rows || !total) return;
    var index = Number(total.value);
    var holder = document.createElement("template");
    holder.innerHTML = template.innerHTML.split(prefix + "-__prefix__").join(prefix + "-" + index);
    var row = holder.content.firstElementChild;
    if (!row) return;
    rows.appendChild(holder.content);
    total.value = String(index + 1);
    var number = row.querySelector("[data-formset-number]");
    if (number) number.textContent = String(rows.querySelectorAll(":scope > [data-formset-row]").length);
    row.querySelectorAll("[data-formset]").forEach(refreshButton);
    refreshButton(container);
    row.dispatchEvent(new CustomEvent("formset:added", { bubbles: true, detail: { prefix: prefix, index: index } }));
    var first = row.querySelector("input:not([type=hidden]):not([type=checkbox]), textarea, select");
    if (first) first.focus();
  }

  function init() {
    document.querySelectorAll("[data-formset]").forEach(refreshButton);
    document.querySelectorAll("[data-formset-nojs]").forEach(function (note) {
      note.hidden = true;
    });
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-formset-add]");
      if (!button) return;
      var container = button.closest("[data-formset]");
      if (container) {
        event.preventDefault();
        addRow(container);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
