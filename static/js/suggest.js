// Suggestions while typing in the search boxes (input[data-suggest], the address of /api/v1/vorschlaege/;
// data-suggest-scope names a catalogue whose entries come first). The box becomes a combobox with a listbox
// popup after the WAI-ARIA 1.2 pattern, with the focus staying in the box and aria-activedescendant
// pointing at the active option. Enter on an entry opens its page; on a place or a term it searches for
// it in the form the box belongs to; Enter without an active option submits the form as typed.
// Enhancement only: without this file every search box is a plain form.
(() => {
  "use strict";

  if (!window.fetch || !window.AbortController) {
    return;
  }

  const DELAY_MS = 150;
  // Wait until typing pauses before telling a screen reader how many suggestions there are.
  const ANNOUNCE_DELAY_MS = 500;
  // As the endpoint counts: letters or digits.
  const MIN_CHARACTERS = 2;
  const CACHED_ANSWERS = 50;
  const HINT =
    "Während Sie tippen, erscheinen Vorschläge. Mit den Pfeiltasten nach oben und unten wählen Sie einen aus, " +
    "mit der Eingabetaste übernehmen Sie ihn. Auf Touch-Geräten tippen Sie auf einen Vorschlag.";

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function countable(text) {
    return (text.match(/[\p{L}\p{N}]/gu) || []).length;
  }

  function announcement(count) {
    if (count === 0) {
      return "Keine Vorschläge.";
    }
    return count === 1 ? "1 Vorschlag verfügbar." : `${count} Vorschläge verfügbar.`;
  }

  function enhance(input) {
    const form = input.form;
    const endpoint = input.dataset.suggest;
    const scope = input.dataset.suggestScope || "";
    const base = input.id || `suche-${Math.random().toString(36).slice(2)}`;
    input.id = base;

    const wrapper = element("div", "wk-combobox");
    const listbox = element("ul", "wk-combobox__list");
    listbox.id = `${base}-vorschlaege`;
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", "Vorschläge");
    listbox.hidden = true;
    const hint = element("span", "kern-sr-only", HINT);
    hint.id = `${base}-vorschlaege-hinweis`;
    const status = element("div", "kern-sr-only");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.setAttribute("aria-atomic", "true");

    const hadFocus = document.activeElement === input;
    input.replaceWith(wrapper);
    wrapper.append(input, listbox, hint, status);
    if (hadFocus) {
      input.focus();
    }

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("autocomplete", "off");
    const describedBy = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    input.setAttribute("aria-describedby", [...describedBy, hint.id].join(" "));

    let options = [];
    // The text the shown options belong to.
    let shownFor = null;
    let active = -1;
    let timer = null;
    let announceTimer = null;
    let pending = null;
    // After a submit or a choice, late answers must not open the list again until the next keystroke.
    let quiet = false;
    const answers = new Map();

    function isOpen() {
      return !listbox.hidden;
    }

    function setActive(index) {
      active = index;
      Array.prototype.forEach.call(listbox.children, (option, position) => {
        const selected = position === index;
        option.setAttribute("aria-selected", selected ? "true" : "false");
        option.classList.toggle("is-active", selected);
        if (selected) {
          option.scrollIntoView({ block: "nearest" });
        }
      });
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", `${listbox.id}-${index}`);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      if (options.length) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function close() {
      setActive(-1);
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function announce(text) {
      window.clearTimeout(announceTimer);
      announceTimer = window.setTimeout(() => {
        // The same words again are only read out if the region's text changes.
        status.textContent = status.textContent === text ? `${text}\u00a0` : text;
      }, ANNOUNCE_DELAY_MS);
    }

    function silence() {
      window.clearTimeout(announceTimer);
      status.textContent = "";
    }

    function render(items, query) {
      options = items;
      shownFor = query;
      listbox.replaceChildren(
        ...items.map((item, index) => {
          const option = element("li", "wk-combobox__option");
          option.id = `${listbox.id}-${index}`;
          option.setAttribute("role", "option");
          option.setAttribute("aria-selected", "false");
          option.append(
            element("span", "wk-combobox__text", item.text),
            element("span", "kern-sr-only", ", "),
            element("span", "wk-combobox__kind", item.art),
          );
          return option;
        }),
      );
      setActive(-1);
      if (items.length) {
        open();
      } else {
        close();
      }
      announce(announcement(items.length));
    }

    function forget() {
      window.clearTimeout(timer);
      if (pending) {
        pending.abort();
        pending = null;
      }
    }

    function request(query) {
      const key = `${scope}|${query}`;
      if (answers.has(key)) {
        render(answers.get(key), query);
        return;
      }
      forget();
      pending = new AbortController();
      const params = new URLSearchParams({ q: query });
      if (scope) {
        params.set("typ", scope);
      }
      fetch(`${endpoint}?${params}`, {
        signal: pending.signal,
        credentials: "omit",
        headers: { Accept: "application/json" },
      })
        .then((response) => (response.ok ? response.json() : Promise.reject(new Error(response.status))))
        .then((data) => {
          const items = Array.isArray(data.vorschlaege) ? data.vorschlaege : [];
          if (answers.size >= CACHED_ANSWERS) {
            answers.delete(answers.keys().next().value);
          }
          answers.set(key, items);
          if (!quiet && input.value === query && document.activeElement === input) {
            render(items, query);
          }
        })
        .catch(() => {
          // Aborted, refused (e.g. too many requests) or offline: the box simply stays a search box.
        });
    }

    function schedule() {
      forget();
      const query = input.value;
      if (countable(query) < MIN_CHARACTERS) {
        options = [];
        shownFor = null;
        listbox.replaceChildren();
        close();
        silence();
        return;
      }
      timer = window.setTimeout(() => request(query), DELAY_MS);
    }

    function choose(index) {
      const item = options[index];
      if (!item) {
        return;
      }
      quiet = true;
      forget();
      close();
      silence();
      if (item.url) {
        const target = new URL(item.url, window.location.href);
        // Suggestions lead to pages of the portal only.
        if (target.origin === window.location.origin) {
          window.location.assign(target.href);
        }
        return;
      }
      input.value = item.text;
      if (form) {
        if (form.requestSubmit) {
          form.requestSubmit();
        } else {
          form.submit();
        }
      }
    }

    function move(step) {
      if (!options.length) {
        return;
      }
      if (!isOpen()) {
        open();
        setActive(step > 0 ? 0 : options.length - 1);
        return;
      }
      if (active < 0) {
        setActive(step > 0 ? 0 : options.length - 1);
      } else {
        setActive((active + step + options.length) % options.length);
      }
    }

    input.addEventListener("input", () => {
      quiet = false;
      setActive(-1);
      schedule();
    });

    input.addEventListener("keydown", (event) => {
      if (event.isComposing || event.ctrlKey || event.metaKey) {
        return;
      }
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (shownFor !== input.value) {
            // Typed faster than the suggestions came: ask now, and show them without choosing one.
            if (countable(input.value) >= MIN_CHARACTERS) {
              quiet = false;
              request(input.value);
            }
          } else if (event.altKey) {
            open();
          } else {
            move(1);
          }
          break;
        case "ArrowUp":
          if (options.length && shownFor === input.value) {
            event.preventDefault();
            move(-1);
          }
          break;
        case "Enter":
          if (isOpen() && active >= 0) {
            event.preventDefault();
            choose(active);
          } else {
            // The form is submitted as typed (see the form's submit listener below).
            quiet = true;
            forget();
            close();
            silence();
          }
          break;
        case "Escape":
          if (isOpen()) {
            event.preventDefault();
            event.stopPropagation();
            close();
            silence();
          } else if (input.value) {
            // A second Escape clears the box, as the pattern suggests and as search boxes do anyway.
            event.preventDefault();
            input.value = "";
            schedule();
          }
          break;
        case "Tab":
          close();
          break;
        case "ArrowLeft":
        case "ArrowRight":
        case "Home":
        case "End":
          // Back to editing the text: the visual focus leaves the options.
          setActive(-1);
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", () => {
      forget();
      close();
      silence();
    });

    // Keep the focus in the box while an option is pressed (mouse or touch), then take the option.
    listbox.addEventListener("mousedown", (event) => {
      event.preventDefault();
    });
    listbox.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option) {
        choose(Array.prototype.indexOf.call(listbox.children, option));
      }
    });

    if (form) {
      form.addEventListener("submit", () => {
        quiet = true;
        forget();
        close();
        silence();
      });
    }

    // A page restored from the back-forward cache shows no stale list.
    window.addEventListener("pageshow", () => {
      quiet = false;
      close();
    });
  }

  for (const input of document.querySelectorAll("input[data-suggest]")) {
    enhance(input);
  }
})();
