// The page of an import that waits or runs: reloads its status part every few seconds, until the check or the
// import is finished, and then lets screen readers hear the outcome. Without JavaScript, „Stand aktualisieren“.
(function () {
  "use strict";

  var INTERVAL = 2000;
  var announcement = document.getElementById("import-job-announcement");

  function job() {
    return document.getElementById("import-job");
  }

  function refresh() {
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("import-job");
        var current = job();
        if (!fresh || !current) {
          return;
        }
        var changed = fresh.getAttribute("data-state") !== current.getAttribute("data-state");
        current.replaceWith(fresh);
        var heading = fresh.querySelector("[data-announce]");
        if (changed && heading && announcement) {
          announcement.textContent = heading.textContent;
        }
        if (fresh.hasAttribute("data-poll")) {
          window.setTimeout(refresh, INTERVAL);
        }
      })
      .catch(function () {
        // A failed request (network, restart) is tried again a little later.
        window.setTimeout(refresh, INTERVAL * 3);
      });
  }

  var current = job();
  if (current && current.hasAttribute("data-poll")) {
    window.setTimeout(refresh, INTERVAL);
  }
})();
