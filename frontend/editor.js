// The back office's rich-text editor: turns each <textarea data-rich-text> into a TipTap editor with a small
// toolbar and writes the editor's HTML back into the textarea, which the form submits. Without JavaScript the
// textarea stays as it is. Bundled by esbuild into static/build/editor.js (see Makefile).

import { Editor, Extension } from "@tiptap/core";
import Bold from "@tiptap/extension-bold";
import Document from "@tiptap/extension-document";
import HardBreak from "@tiptap/extension-hard-break";
import Heading from "@tiptap/extension-heading";
import Italic from "@tiptap/extension-italic";
import Link from "@tiptap/extension-link";
import { BulletList, ListItem, ListKeymap, OrderedList } from "@tiptap/extension-list";
import Paragraph from "@tiptap/extension-paragraph";
import Text from "@tiptap/extension-text";
import { UndoRedo } from "@tiptap/extensions";

import { cleanPastedHtml, isAllowedHref } from "./paste.js";

const BUTTONS = [
  { name: "bold", label: "Fett", keys: "Control+B", hint: "Strg+B", run: (c) => c.toggleBold(), active: ["bold"] },
  { name: "italic", label: "Kursiv", keys: "Control+I", hint: "Strg+I", run: (c) => c.toggleItalic(), active: ["italic"] },
  {
    name: "h2", label: "Überschrift 2", headings: true, run: (c) => c.toggleHeading({ level: 2 }),
    active: ["heading", { level: 2 }],
  },
  {
    name: "h3", label: "Überschrift 3", headings: true, run: (c) => c.toggleHeading({ level: 3 }),
    active: ["heading", { level: 3 }],
  },
  { name: "bullets", label: "Aufzählung", run: (c) => c.toggleBulletList(), active: ["bulletList"] },
  { name: "numbers", label: "Nummerierte Liste", run: (c) => c.toggleOrderedList(), active: ["orderedList"] },
  { name: "link", label: "Link einfügen", keys: "Control+K", hint: "Strg+K", dialog: true },
  { name: "unlink", label: "Link entfernen", run: (c) => c.extendMarkRange("link").unsetLink(), needsLink: true },
];

// Tab and Shift+Tab move the focus out of the editor, as in any form field, instead of indenting list items.
const PlainListItem = ListItem.extend({
  addKeyboardShortcuts() {
    return { Enter: () => this.editor.commands.splitListItem(this.name) };
  },
});
// Numbered lists count from 1 and look as the portal's stylesheet says: no start or type attributes.
const PlainOrderedList = OrderedList.extend({
  renderHTML() {
    return ["ol", 0];
  },
});
// Links carry their address only (the server adds rel); no target, class or title. Typing on after a link
// does not lengthen it.
const PlainLink = Link.extend({
  inclusive() {
    return false;
  },
  addAttributes() {
    return { href: this.parent().href };
  },
});

let uniqueId = 0;

function element(tag, attributes = {}, text = "") {
  const created = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    created.setAttribute(name, value);
  }
  created.textContent = text;
  return created;
}

// Texts saved before the editor existed may be plain text with blank lines between paragraphs.
function initialContent(value) {
  if (!value.trim() || /<[a-z!/]/i.test(value)) {
    return value;
  }
  const paragraphs = value.split(/\n\s*\n/).filter((part) => part.trim());
  return paragraphs
    .map((part) => {
      const p = document.createElement("p");
      part.trim().split("\n").forEach((line, index) => {
        if (index) {
          p.append(document.createElement("br"));
        }
        p.append(line);
      });
      return p.outerHTML;
    })
    .join("");
}

// ProseMirror wraps the text of every list item in a paragraph; stored texts keep the simpler <li>text</li> that
// they always had (and that the public pages, the history and the imports know).
function storedHtml(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  for (const item of template.content.querySelectorAll("li")) {
    const paragraphs = [...item.children].filter((child) => child.localName === "p");
    if (paragraphs.length === 1 && item.firstElementChild === paragraphs[0]) {
      paragraphs[0].replaceWith(...paragraphs[0].childNodes);
    }
  }
  return template.innerHTML;
}

class LinkDialog {
  // One modal dialog per page, outside the admin's form: an address, or an entry of the portal found by title.
  constructor() {
    this.dialog = element("dialog", { class: "wk-link-dialog", "aria-labelledby": "wk-link-title" });
    this.dialog.innerHTML = `
      <h2 id="wk-link-title">Link einfügen</h2>
      <p><label for="wk-link-url">Adresse</label>
        <input id="wk-link-url" type="text" inputmode="url" autocomplete="off" spellcheck="false"
          aria-describedby="wk-link-hint wk-link-error"></p>
      <p class="help" id="wk-link-hint">Beginnt mit https://, http://, mailto: oder tel:, oder ist eine Seite des
        Werkzeugkoffers (z. B. /praxisbeispiele/…/).</p>
      <p class="wk-link-error" id="wk-link-error" hidden></p>
      <p><label for="wk-link-search">Oder Eintrag im Werkzeugkoffer suchen</label>
        <input id="wk-link-search" type="search" autocomplete="off" aria-describedby="wk-link-count"></p>
      <p id="wk-link-count" role="status"></p>
      <ul class="wk-link-results" aria-label="Gefundene Einträge"></ul>
      <div class="wk-link-buttons">
        <button type="button" class="default" data-action="apply">Link übernehmen</button>
        <button type="button" data-action="cancel">Abbrechen</button>
      </div>`;
    document.body.append(this.dialog);
    this.url = this.dialog.querySelector("#wk-link-url");
    this.search = this.dialog.querySelector("#wk-link-search");
    this.count = this.dialog.querySelector("#wk-link-count");
    this.results = this.dialog.querySelector(".wk-link-results");
    this.error = this.dialog.querySelector("#wk-link-error");
    this.dialog.querySelector("[data-action=apply]").addEventListener("click", () => this.apply());
    this.dialog.querySelector("[data-action=cancel]").addEventListener("click", () => this.dialog.close());
    this.dialog.addEventListener("close", () => this.closed());
    this.url.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        this.apply();
      }
    });
    this.search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault(); // no submit of the admin form behind the dialog
      }
    });
    this.search.addEventListener("input", () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.find(), 250);
    });
  }

  open(editor, searchUrl, opener) {
    this.editor = editor;
    this.searchUrl = searchUrl;
    this.opener = opener;
    this.applied = false;
    this.title = "";
    this.url.value = editor.getAttributes("link").href || "";
    this.search.value = "";
    this.results.replaceChildren();
    this.count.textContent = "";
    this.showError("");
    this.dialog.showModal();
    this.url.focus();
  }

  showError(message) {
    this.error.textContent = message;
    this.error.hidden = !message;
    this.url.toggleAttribute("aria-invalid", Boolean(message));
  }

  async find() {
    const query = this.search.value.trim();
    if (query.length < 2) {
      this.results.replaceChildren();
      this.count.textContent = "";
      return;
    }
    const response = await fetch(`${this.searchUrl}?${new URLSearchParams({ q: query })}`, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok || query !== this.search.value.trim()) {
      return;
    }
    const { results } = await response.json();
    this.results.replaceChildren(
      ...results.map((result) => {
        const item = element("li");
        const button = element("button", { type: "button", class: "wk-link-result" }, result.title);
        button.append(element("span", { class: "wk-link-type" }, ` (${result.type})`));
        button.addEventListener("click", () => {
          this.url.value = result.url;
          this.title = result.title;
          this.showError("");
          this.url.focus();
        });
        item.append(button);
        return item;
      }),
    );
    this.count.textContent =
      results.length === 1 ? "1 Eintrag gefunden" : `${results.length || "Keine"} Einträge gefunden`;
  }

  apply() {
    let href = this.url.value.trim();
    if (/^www\./i.test(href)) {
      href = `https://${href}`;
    } else if (/^[^\s@/:]+@[^\s@/]+\.[a-z]{2,}$/i.test(href)) {
      href = `mailto:${href}`;
    }
    if (!href || !isAllowedHref(href)) {
      this.showError(
        "Bitte geben Sie eine Adresse mit https://, http://, mailto: oder tel: an, oder wählen Sie einen Eintrag.",
      );
      this.url.focus();
      return;
    }
    const { editor } = this;
    const chain = editor.chain().focus();
    if (editor.state.selection.empty && !editor.isActive("link")) {
      const text = this.title || href.replace(/^(mailto|tel):/, "");
      chain.insertContent({ type: "text", text, marks: [{ type: "link", attrs: { href } }] }).run();
    } else {
      chain.extendMarkRange("link").setLink({ href }).run();
    }
    this.applied = true;
    this.dialog.close();
  }

  closed() {
    if (!this.applied && this.opener) {
      this.opener.focus();
    }
  }
}

let linkDialog = null;

function enhance(textarea) {
  const headings = textarea.dataset.richText === "headings";
  const id = textarea.id || `wk-editor-${(uniqueId += 1)}`;
  const label = document.querySelector(`label[for="${CSS.escape(id)}"]`);
  if (label && !label.id) {
    label.id = `${id}-label`;
  }
  const wrapper = element("div", { class: "wk-editor" });
  const toolbar = element("div", {
    class: "wk-editor-toolbar",
    role: "toolbar",
    "aria-label": `Format${label ? `: ${label.textContent.replace(/:\s*$/, "").trim()}` : ""}`,
    "aria-controls": `${id}-editor`,
  });
  const content = element("div", { class: "wk-editor-content" });
  const status = element("p", { class: "wk-editor-status", id: `${id}-status`, role: "status" });
  const buttons = BUTTONS.filter((spec) => headings || !spec.headings).map((spec, index) => {
    const button = element("button", { type: "button", tabindex: index ? "-1" : "0", "data-name": spec.name }, spec.label);
    if (spec.active) {
      button.setAttribute("aria-pressed", "false");
    }
    if (spec.keys) {
      button.setAttribute("aria-keyshortcuts", spec.keys);
      button.title = `${spec.label} (${spec.hint})`;
    }
    toolbar.append(button);
    return { spec, button };
  });
  wrapper.append(toolbar, content, status);
  textarea.after(wrapper);
  textarea.hidden = true;
  // The form is checked on the server; a hidden required field would stop the browser from sending it.
  const required = textarea.required;
  textarea.required = false;

  const extensions = [
    Document, Paragraph, Text, HardBreak, Bold, Italic, BulletList, PlainOrderedList, PlainListItem, ListKeymap,
    UndoRedo,
    PlainLink.configure({
      openOnClick: false,
      autolink: true,
      defaultProtocol: "https",
      HTMLAttributes: { target: null, rel: null, class: null },
      isAllowedUri: (url) => isAllowedHref(url),
    }),
    Extension.create({
      name: "linkDialogShortcut",
      addKeyboardShortcuts: () => ({
        "Mod-k": () => {
          openLinkDialog(document.activeElement);
          return true;
        },
      }),
    }),
  ];
  if (headings) {
    extensions.push(Heading.configure({ levels: [2, 3] }));
  }
  const describedBy = [textarea.getAttribute("aria-describedby"), status.id].filter(Boolean).join(" ");
  const attributes = {
    id: `${id}-editor`,
    role: "textbox",
    "aria-multiline": "true",
    "aria-describedby": describedBy,
    class: "wk-editor-text",
  };
  if (label) {
    attributes["aria-labelledby"] = label.id;
  }
  if (required) {
    attributes["aria-required"] = "true";
  }
  if (textarea.getAttribute("aria-invalid") === "true") {
    attributes["aria-invalid"] = "true";
  }

  const editor = new Editor({
    element: content,
    extensions,
    content: initialContent(textarea.value),
    injectCSS: false,
    editorProps: {
      attributes,
      transformPastedHTML(html) {
        const cleaned = cleanPastedHtml(html, { headings });
        status.textContent = cleaned.removed.length ? `Beim Einfügen entfernt: ${cleaned.removed.join(", ")}.` : "";
        return cleaned.html;
      },
    },
    onUpdate: () => sync(),
    onTransaction: () => update(),
  });

  function sync() {
    textarea.value = editor.isEmpty ? "" : storedHtml(editor.getHTML());
  }

  function update() {
    for (const { spec, button } of buttons) {
      if (spec.active) {
        button.setAttribute("aria-pressed", String(editor.isActive(...spec.active)));
      }
      if (spec.needsLink) {
        button.setAttribute("aria-disabled", String(!editor.isActive("link")));
      }
    }
  }

  function openLinkDialog(opener) {
    linkDialog ||= new LinkDialog();
    linkDialog.open(editor, textarea.dataset.linkSearch, opener);
  }

  for (const { spec, button } of buttons) {
    // Keeps the selection in the text when the button is clicked with the mouse.
    button.addEventListener("mousedown", (event) => event.preventDefault());
    button.addEventListener("click", () => {
      if (button.getAttribute("aria-disabled") === "true") {
        return;
      }
      if (spec.dialog) {
        openLinkDialog(button);
      } else {
        spec.run(editor.chain().focus()).run();
      }
    });
  }
  // A toolbar is one stop for Tab; the arrow keys, Home and End move between its buttons.
  toolbar.addEventListener("keydown", (event) => {
    const all = buttons.map(({ button }) => button);
    const index = all.indexOf(document.activeElement);
    const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: all.length - 1 };
    if (index < 0 || !(event.key in moves)) {
      return;
    }
    event.preventDefault();
    const next = all[(moves[event.key] + all.length) % all.length];
    for (const button of all) {
      button.tabIndex = button === next ? 0 : -1;
    }
    next.focus();
  });
  if (label) {
    label.addEventListener("click", (event) => {
      event.preventDefault();
      editor.commands.focus();
    });
  }
  // Before ProseMirror reads the clipboard (capture phase): a paste with nothing removed leaves no old message.
  wrapper.addEventListener("paste", () => (status.textContent = ""), true);
  textarea.form?.addEventListener("submit", sync);
  update();
}

for (const textarea of document.querySelectorAll("textarea[data-rich-text]")) {
  enhance(textarea);
}
