// Enhancements only: every page works without this file.

// Contact addresses are delivered in parts so that address harvesters do not find them in the HTML.
for (const element of document.querySelectorAll(".wk-email[data-user][data-domain]")) {
  const address = `${element.dataset.user}@${element.dataset.domain}`;
  const link = document.createElement("a");
  link.className = "kern-link";
  link.href = `mailto:${address}`;
  link.textContent = address;
  element.replaceWith(link);
}

for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}

// A text field that belongs to one answer (the Förder-Check's place under „An einem bestimmten Ort“) chooses that
// answer as soon as someone types in it; without this file the server reads a typed place as that answer.
for (const field of document.querySelectorAll("[data-chooses]")) {
  field.addEventListener("input", () => {
    const option = document.getElementById(field.dataset.chooses);
    if (option) {
      option.checked = true;
    }
  });
}
