// Live filtering for the catalogue lists. Without this script the form works
// with its buttons; with it, results update in place, the address follows the
// filters (back button included), the result count is announced to screen
// readers and keyboard focus stays where it was.
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

  function syncSearchField(url) {
    var field = document.getElementById("katalog-suche");
    var query = new URL(url, window.location.href).searchParams.get("q") || "";
    if (field && document.activeElement !== field) {
      field.value = query;
    }
  }

  function load(url, options) {
    options = options || {};
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    var focusedId = document.activeElement && document.activeElement.id;
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
        sortChosen = false;
        if (options.push) {
          window.history.pushState({ live: true }, "", url);
        }
        syncSearchField(url);
        var heading = document.getElementById("ergebnis-ueberschrift");
        if (heading && status) {
          status.textContent = heading.textContent.trim() + " gefunden.";
        }
        if (heading && heading.dataset.pageTitle) {
          document.title = heading.dataset.pageTitle;
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
    if (event.target.id === "katalog-suche") {
      return;
    }
    if (event.target.name === "sort") {
      sortChosen = true;
    }
    load(queryFromForm(), { push: true });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load(queryFromForm(), { push: true });
  });

  region.addEventListener("click", function (event) {
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
