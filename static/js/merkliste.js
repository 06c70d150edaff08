// The Merkliste in this browser (werkzeugkoffer/catalogue/shortlist.py). Enhancement only: without this file
// „merken“ submits the hidden form #merkliste-form and the list travels in the address.
// Storage is written only when someone clicks „merken“ – never on page load –, as the privacy statement says.
(() => {
  "use strict";

  const STORAGE_KEY = "werkzeugkoffer-merkliste";
  const MAX_ENTRIES = 50;
  const KEY = /^(praxisbeispiele|foerderprogramme|beratung|handlungsempfehlungen):[-a-zA-Z0-9_]{1,120}$/;

  function storage() {
    try {
      return window.localStorage;
    } catch {
      // Storage refused by a browser setting: the address still carries the list.
      return null;
    }
  }

  function stored() {
    const store = storage();
    if (!store) {
      return [];
    }
    try {
      const keys = JSON.parse(store.getItem(STORAGE_KEY) || "[]");
      return Array.isArray(keys) ? keys.filter((key) => typeof key === "string" && KEY.test(key)) : [];
    } catch {
      return [];
    }
  }

  function save(keys) {
    const store = storage();
    if (!store) {
      return false;
    }
    try {
      store.setItem(STORAGE_KEY, JSON.stringify(keys));
      return true;
    } catch {
      return false;
    }
  }

  function pageKeys() {
    const form = document.getElementById("merkliste-form");
    return form ? Array.from(form.querySelectorAll("input[name=e]"), (input) => input.value) : [];
  }

  function union(...lists) {
    const keys = [];
    for (const key of lists.flat()) {
      if (!keys.includes(key)) {
        keys.push(key);
      }
    }
    return keys;
  }

  function listUrl(keys) {
    const form = document.getElementById("merkliste-form");
    const params = new URLSearchParams();
    for (const key of keys) {
      params.append("e", key);
    }
    const query = params.toString().replaceAll("%3A", ":");
    return form.getAttribute("action") + (query ? `?${query}` : "");
  }

  function markRemembered(button) {
    button.classList.add("is-remembered");
    button.querySelector(".kern-label").firstChild.textContent = "gemerkt";
  }

  function remember(button) {
    const keys = union(stored(), pageKeys(), [button.value]);
    if (keys.length > MAX_ENTRIES || !save(keys)) {
      // Full or no storage: the Merkliste page says what happened, as without JavaScript.
      return false;
    }
    markRemembered(button);
    const status = button.closest(".wk-remember").querySelector("[data-merkliste-status]");
    status.textContent = "";
    const link = document.createElement("a");
    link.href = listUrl(keys);
    link.textContent = `Zur Merkliste (${keys.length} ${keys.length === 1 ? "Eintrag" : "Einträge"})`;
    // Filled after a pause, so that a screen reader announces it also on a second click.
    window.setTimeout(() => {
      status.append("Gemerkt. ", link);
    }, 100);
    return true;
  }

  function forget(key) {
    const store = storage();
    if (store && store.getItem(STORAGE_KEY) !== null) {
      save(stored().filter((item) => item !== key));
    }
  }

  function showRemembered() {
    // Reading only: buttons of entries already on this browser's list say so.
    const keys = stored();
    for (const button of document.querySelectorAll("[data-merkliste-add]:not(.is-remembered)")) {
      if (keys.includes(button.value)) {
        markRemembered(button);
      }
    }
  }

  function offerStoredList() {
    const notice = document.querySelector("[data-merkliste-stored]");
    const keys = stored();
    if (!notice || !keys.length || pageKeys().length) {
      return;
    }
    const link = document.createElement("a");
    link.href = listUrl(keys);
    link.textContent = "Diese Merkliste anzeigen";
    notice.append(
      `In diesem Browser ist eine Merkliste mit ${keys.length} ${keys.length === 1 ? "Eintrag" : "Einträgen"} gespeichert. `,
      link,
    );
    notice.hidden = false;
  }

  document.addEventListener("click", (event) => {
    const add = event.target.closest("[data-merkliste-add]");
    if (add && remember(add)) {
      event.preventDefault();
      return;
    }
    const remove = event.target.closest("[data-merkliste-remove]");
    if (remove) {
      forget(remove.dataset.merklisteRemove);
      return;
    }
    if (event.target.closest("[data-merkliste-clear]")) {
      storage()?.removeItem(STORAGE_KEY);
    }
  });

  showRemembered();
  offerStoredList();
  // The live filter replaces a list's results, and with them its buttons.
  new MutationObserver(showRemembered).observe(document.body, { childList: true, subtree: true });
})();
