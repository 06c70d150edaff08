// Live filtering for the catalogue lists. Without this script the form works
// with its buttons; with it, results update in place, the address follows the
// filters (back button included), the result count is announced to screen
// readers, keyboard focus stays where it was and the filter groups a person
// opened stay open. On narrow screens the filters wait behind a button and open
// as a panel over the list, with a button at its foot that leads to the results.
(function () {
  "use strict";

  var form = document.querySelector("form[data-live-filter]");
  var region = document.getElementById("katalog-ergebnisse");
  var status = document.getElementById("live-status");
  if (!form || !region || !window.fetch || !window.history.pushState) {
    return;
  }
  form.classList.add("is-live");
  var pending = null;
  var narrow = window.matchMedia("(max-width: 47.99em)");
  var inerted = [];
  // A new search term sorts by relevance, unless the sort was chosen since the results were loaded.
  var sortChosen = false;

  function currentQuery() {
    return new URL(window.location.href).searchParams.get("q") || "";
  }

  function queryFromForm() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "") {
        params.append(name, value);
      }
    });
    if (!sortChosen && (params.get("q") || "") !== currentQuery()) {
      params.delete("sort");
    }
    var query = params.toString();
    return query ? "?" + query : window.location.pathname;
  }

  // The text fields show what the loaded list is for (a removed chip empties its field; a chosen place fills it).
  function syncSearchField(url) {
    var params = new URL(url, window.location.href).searchParams;
    [
      ["katalog-suche", "q"],
      ["katalog-ort", "ort"],
    ].forEach(function (pair) {
      var field = document.getElementById(pair[0]);
      if (field && document.activeElement !== field) {
        field.value = params.get(pair[1]) || "";
      }
    });
    var radius = document.getElementById("katalog-umkreis");
    if (radius) {
      radius.value = params.get("umkreis") || "";
    }
  }

  function panel() {
    return document.getElementById("filter-panel");
  }

  function panelOpen() {
    return form.classList.contains("filters-open");
  }

  // While the panel covers the screen, everything else is out of reach of focus and screen readers.
  function setInert(on) {
    inerted.forEach(function (element) {
      element.inert = false;
    });
    inerted = [];
    if (!on || !panel()) {
      return;
    }
    for (var node = panel(); node && node !== document.body; node = node.parentElement) {
      Array.prototype.forEach.call(node.parentElement.children, function (sibling) {
        if (sibling !== node && !sibling.inert && sibling.tagName !== "SCRIPT") {
          sibling.inert = true;
          inerted.push(sibling);
        }
      });
    }
  }

  function syncPanel() {
    var open = panelOpen();
    var toggle = form.querySelector(".filter-toggle");
    if (toggle) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
    if (panel()) {
      if (open) {
        panel().setAttribute("role", "dialog");
        panel().setAttribute("aria-modal", "true");
      } else {
        panel().removeAttribute("role");
        panel().removeAttribute("aria-modal");
      }
    }
    document.documentElement.classList.toggle("has-open-panel", open);
    setInert(open);
  }

  function openPanel() {
    form.classList.add("filters-open");
    syncPanel();
    var heading = document.getElementById("filter-ueberschrift");
    if (heading) {
      heading.focus();
    }
  }

  function closePanel(focusTarget) {
    if (!panelOpen()) {
      return;
    }
    form.classList.remove("filters-open");
    syncPanel();
    var target = focusTarget || form.querySelector(".filter-toggle");
    if (target) {
      target.focus();
    }
  }

  // Which filter groups are open, by facet and group name, to keep them so after an update.
  function openGroups() {
    var state = {};
    Array.prototype.forEach.call(region.querySelectorAll("details[data-facet], details[data-group]"), function (el) {
      state[groupKey(el)] = el.open;
    });
    return state;
  }

  function groupKey(element) {
    var facet = element.closest("details[data-facet]");
    return (facet ? facet.dataset.facet : "") + "/" + (element.dataset.group || "");
  }

  function restoreGroups(state) {
    Array.prototype.forEach.call(region.querySelectorAll("details[data-facet], details[data-group]"), function (el) {
      var key = groupKey(el);
      if (Object.prototype.hasOwnProperty.call(state, key)) {
        el.open = state[key];
      }
    });
  }

  function announcement() {
    var heading = document.getElementById("ergebnis-ueberschrift");
    var parts = heading ? [heading.textContent.trim() + " gefunden."] : [];
    Array.prototype.forEach.call(region.querySelectorAll("[data-announce]"), function (element) {
      parts.push(element.textContent.trim());
    });
    return parts.join(" ");
  }

  function load(url, options) {
    options = options || {};
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    var focusedId = document.activeElement && document.activeElement.id;
    var groups = openGroups();
    region.setAttribute("aria-busy", "true");
    return fetch(url, {
      headers: { "X-Werkzeugkoffer-Partial": "1" },
      signal: pending.signal,
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        region.innerHTML = html;
        region.removeAttribute("aria-busy");
        restoreGroups(groups);
        syncPanel();
        sortChosen = false;
        if (options.push) {
          window.history.pushState({ live: true }, "", url);
        }
        syncSearchField(url);
        var heading = document.getElementById("ergebnis-ueberschrift");
        if (status) {
          status.textContent = announcement();
        }
        if (heading && heading.dataset.pageTitle) {
          document.title = heading.dataset.pageTitle;
        }
        if (options.focusResults) {
          form.classList.remove("filters-open");
          syncPanel();
        }
        var target = options.focusResults ? heading : focusedId && document.getElementById(focusedId);
        if (target) {
          target.focus();
        }
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          // Fall back to a normal page load, which always works.
          window.location.href = url;
        }
      });
  }

  form.addEventListener("change", function (event) {
    // Fields inside the list that belong to another form (the e-mail subscription) are no filters.
    if (event.target.form !== form) {
      return;
    }
    // The text fields count when submitted, not on every change of focus.
    if (event.target.id === "katalog-suche" || event.target.id === "katalog-ort") {
      return;
    }
    if (event.target.name === "sort") {
      sortChosen = true;
    }
    load(queryFromForm(), { push: true });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    // The button at the foot of the open panel leads to the results it names.
    var toResults = panelOpen() && event.submitter && event.submitter.classList.contains("facets-apply");
    load(queryFromForm(), { push: true, focusResults: toResults });
  });

  form.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && panelOpen()) {
      event.preventDefault();
      closePanel();
    }
  });

  narrow.addEventListener("change", function () {
    if (!narrow.matches) {
      form.classList.remove("filters-open");
      syncPanel();
    }
  });

  region.addEventListener("click", function (event) {
    if (event.target.closest(".filter-toggle")) {
      openPanel();
      return;
    }
    if (event.target.closest(".facets-close")) {
      closePanel();
      return;
    }
    var link = event.target.closest("a[data-live], .pagination a");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    event.preventDefault();
    load(link.getAttribute("href"), { push: true, focusResults: true });
  });

  window.addEventListener("popstate", function () {
    load(window.location.href, {});
  });
})();
