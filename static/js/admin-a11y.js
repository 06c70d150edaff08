// Accessible names for widgets of the Django admin that its own scripts leave without one
// (checked with axe-core in tests/e2e/test_admin.py):
// - select2 boxes of autocomplete fields (and their read-only text of the choice) name themselves
//   after the chosen value, which is empty for a new entry: they are named after the label as well;
// - the search field inside a multiple select2 box gets the label's text, and its „clear all“
//   button moves out of the list of choices;
// - the help icons of the two-column selection boxes carry aria-label without a role.
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
  window.addEventListener("load", () => {
    nameWidgets(document);
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  });
})();
