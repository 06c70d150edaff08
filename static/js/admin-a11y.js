// Accessible names for widgets of the Django admin that its own scripts leave without one
// (checked with axe-core in tests/e2e/test_admin.py):
// - select2 boxes of autocomplete fields (and their read-only text of the choice) name themselves
//   after the chosen value, which is empty for a new entry: they are named after the label as well;
// - the search field inside a multiple select2 box gets the label's text, and its „clear all“
//   button moves out of the list of choices;
// - the help icons of the two-column selection boxes carry aria-label without a role.
// And Enter in a selection box of a form does not send the form (see keepEnterInSelects).
"use strict";

(function () {
  function labelOf(select) {
    const label = select.id ? document.querySelector(`label[for="${select.id}"]`) : null;
    if (label && !label.id) {
      label.id = `${select.id}-label`;
    }
    return label;
  }

  function nameWidgets(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach((select) => {
      const label = labelOf(select);
      const container = select.nextElementSibling;
      if (!label || !container || !container.classList.contains("select2")) {
        return;
      }
      const combobox = container.querySelector('.select2-selection[role="combobox"]');
      if (combobox) {
        const rendered = combobox.querySelector(".select2-selection__rendered");
        const own = rendered && rendered.id ? ` ${rendered.id}` : "";
        combobox.setAttribute("aria-labelledby", `${label.id}${own}`);
        if (rendered && rendered.getAttribute("role") === "textbox") {
          rendered.setAttribute("aria-labelledby", `${label.id}${own}`);
        }
      }
      container.querySelectorAll(".select2-search__field").forEach((field) => {
        field.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
      });
    });
    // A multiple box puts its „clear all“ button inside the list of choices; it belongs beside it.
    root.querySelectorAll("ul.select2-selection__rendered > .select2-selection__clear").forEach((clear) => {
      clear.parentElement.before(clear);
    });
    root.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach((icon) => {
      icon.setAttribute("role", "img");
    });
  }

  // The admin's own scripts build these widgets when the page has loaded, and select2 redraws
  // them on every choice: name them after each change of the page, at most once per frame.
  let pending = false;
  function schedule() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(() => {
        pending = false;
        nameWidgets(document);
      });
    }
  }
  // Enter in a list box (a select with several rows, such as the two columns of „Handlungsfelder“) makes
  // Chromium send the whole form, unfinished. In the two-column boxes and their filter fields, Enter moves the
  // marked choices (the first one if none is marked) to the other column instead, as a double click does; the
  // admin's own handler of the filter field would move the first choice even after arrow keys marked another.
  // In other selects of a change form, Enter does nothing. The change list's actions keep Enter.
  function keepEnterInSelects(event) {
    const target = event.target;
    if (event.key !== "Enter" || event.isComposing || !target.closest("form[id$='_form']")) {
      return;
    }
    const box = target.closest(".selector");
    const from = box && box.querySelector("select.filtered[id$='_from']");
    if (from && window.SelectBox && window.SelectFilter) {
      const fieldId = from.id.slice(0, -"_from".length);
      const chosenSide = target.id === `${fieldId}_to` || target.id === `${fieldId}_selected_input`;
      const [source, destination] = chosenSide ? ["_to", "_from"] : ["_from", "_to"];
      const sourceBox = document.getElementById(fieldId + source);
      event.preventDefault();
      if (sourceBox.selectedIndex === -1 && sourceBox.length) {
        sourceBox.selectedIndex = 0;
      }
      window.SelectBox.move(fieldId + source, fieldId + destination);
      window.SelectFilter.refresh_filtered_selects(fieldId);
      window.SelectFilter.refresh_filtered_warning(fieldId);
      window.SelectFilter.refresh_icons(fieldId);
      return;
    }
    if (target.tagName === "SELECT") {
      event.preventDefault();
    }
  }

  // In the capture phase, before the admin's own handlers of the filter fields.
  document.addEventListener("keydown", keepEnterInSelects, true);
  window.addEventListener("load", () => {
    nameWidgets(document);
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  });
})();
