// „Link kopieren“ (templates/includes/share_link.html). Enhancement only: without this file, or
// where the browser offers no clipboard (plain HTTP), the address stays visible as text.
(() => {
  "use strict";

  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }

  function enhance() {
    for (const share of document.querySelectorAll("[data-share]:not(.is-enhanced)")) {
      share.classList.add("is-enhanced");
      share.querySelector("[data-share-button]").hidden = false;
      share.querySelector("[data-share-fallback]").hidden = true;
    }
  }

  function announce(status, message) {
    // Emptied first, so that a second click is announced again.
    status.textContent = "";
    window.setTimeout(() => {
      status.textContent = message;
    }, 100);
  }

  enhance();
  // The live filter replaces a list's results, and with them its share box.
  new MutationObserver(enhance).observe(document.body, { childList: true, subtree: true });

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-share-button]");
    if (!button) {
      return;
    }
    const share = button.closest("[data-share]");
    const status = share.querySelector("[data-share-status]");
    navigator.clipboard.writeText(share.dataset.shareUrl).then(
      () => announce(status, "Der Link wurde kopiert. Sie können ihn jetzt einfügen, zum Beispiel in eine E-Mail."),
      () => {
        // Refused (e.g. by a browser setting): show the address to copy by hand.
        const fallback = share.querySelector("[data-share-fallback]");
        fallback.hidden = false;
        window.getSelection().selectAllChildren(fallback.querySelector(".wk-url"));
        announce(status, "Der Link konnte nicht kopiert werden. Bitte kopieren Sie die markierte Adresse.");
      },
    );
  });
})();
