// What the editor keeps of pasted HTML (Word, LibreOffice, web pages): paragraphs, headings, lists, links
// (http, https, mailto, tel and the portal's own paths) and bold/italic. Everything else is dropped, and counted,
// so that the editor can tell the editor in German what was removed.

const BLOCKS = [
  "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "div", "table", "caption", "thead", "tbody", "tfoot",
  "tr", "td", "th", "section", "article", "main", "header", "footer", "aside", "nav", "blockquote", "figure",
  "figcaption", "address", "pre", "dl", "dt", "dd", "details", "summary", "center", "form", "fieldset", "legend",
  "hr",
];
const BLOCK_SELECTOR = BLOCKS.join(",");
// Elements dropped with their content and without a word: the document around the fragment, and code.
const SILENT = new Set(["script", "style", "template", "head", "meta", "link", "title", "noscript", "base", "xml"]);
const IMAGES = new Set(["img", "picture", "svg", "canvas", "map"]);
const EMBEDS = new Set(["video", "audio", "iframe", "object", "embed", "frame", "frameset"]);
const FORM_CONTROLS = new Set(["input", "select", "textarea", "button", "option", "datalist", "output", "meter"]);
const TABLE_PARTS = new Set(["thead", "tbody", "tfoot", "tr", "colgroup", "col"]);
// Looks that the portal does not have: counted once as „Formatierungen“.
const FORMATTING_TAGS = new Set([
  "font", "u", "s", "strike", "del", "ins", "sub", "sup", "mark", "code", "big", "small", "tt", "kbd", "samp",
]);
const FORMATTING_STYLE = /(^|;)\s*(color|background|font-family|font-size|text-decoration|text-transform)\b/i;
const SAFE_SCHEMES = new Set(["http", "https", "mailto", "tel"]);
const UNSAFE_SCHEMES = new Set(["javascript", "vbscript", "data"]);

// „1 Tabelle“, „2 Tabellen“; each with a note in brackets where the text stays.
const PHRASES = [
  ["tables", "Tabelle", "Tabellen", "Text als Absätze übernommen"],
  ["images", "Bild", "Bilder", ""],
  ["embeds", "eingebetteter Inhalt", "eingebettete Inhalte", "z. B. Video"],
  ["otherLinks", "Link mit nicht erlaubter Adresse", "Links mit nicht erlaubter Adresse", "Text übernommen"],
  ["headings", "Überschrift", "Überschriften", "als Absatz übernommen"],
  ["rules", "Trennlinie", "Trennlinien", ""],
  ["controls", "Formularelement", "Formularelemente", ""],
];

export function isAllowedHref(href) {
  const url = (href || "").replace(/[\u0000-\u0020]/g, "");
  if (/^\/(?!\/)/.test(url)) {
    return true; // a page of the portal itself, e.g. from the link dialog's search
  }
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  return Boolean(match && SAFE_SCHEMES.has(match[1].toLowerCase()));
}

function schemeOf(href) {
  const match = /^([a-z][a-z0-9+.-]*):/i.exec((href || "").replace(/[\u0000-\u0020]/g, ""));
  return match ? match[1].toLowerCase() : "";
}

// The page's Content Security Policy also covers documents made by DOMParser: each style attribute parsed there
// would be refused with an error in the console. They are read under another name instead.
const STYLE = "data-wk-style";

function inert(html) {
  return html
    .replace(/<style[\s>][\s\S]*?<\/style\s*>/gi, "")
    .replace(/(<[a-z][^>]*?\s)style(\s*=)/gi, `$1${STYLE}$2`);
}

function styleOf(element) {
  return (element.getAttribute(STYLE) || "").toLowerCase();
}

function isBoldStyle(style) {
  const match = /font-weight\s*:\s*([a-z0-9]+)/.exec(style);
  return match ? match[1] === "bold" || match[1] === "bolder" || Number(match[1]) >= 600 : null;
}

function isItalicStyle(style) {
  const match = /font-style\s*:\s*([a-z]+)/.exec(style);
  return match ? match[1] === "italic" || match[1] === "oblique" : null;
}

function isEmpty(element) {
  return !element.querySelector("br") && element.textContent.replace(/[\s\u00a0\u200b]/g, "") === "";
}

// Word writes list items as paragraphs with „mso-list“ in their style and the bullet or number as text between
// <![if !supportLists]> and <![endif]>: turn runs of them into real (nested) lists.
function convertWordLists(body) {
  const ignored = [];
  const walker = body.ownerDocument.createTreeWalker(body, NodeFilter.SHOW_COMMENT);
  while (walker.nextNode()) {
    if (/^\[if !supportLists\]$/i.test(walker.currentNode.data.trim())) {
      ignored.push(walker.currentNode);
    }
  }
  const markers = new Map();
  for (const start of ignored) {
    let node = start.nextSibling;
    let marker = "";
    while (node && !(node.nodeType === Node.COMMENT_NODE && /\[endif\]/i.test(node.data))) {
      const next = node.nextSibling;
      marker += node.textContent;
      node.remove();
      node = next;
    }
    const paragraph = start.parentElement && start.parentElement.closest(`[${STYLE}*='mso-list']`);
    if (paragraph) {
      markers.set(paragraph, marker);
    }
  }
  for (const span of body.querySelectorAll(`[${STYLE}*='mso-list']`)) {
    if (/mso-list\s*:\s*ignore/i.test(span.getAttribute(STYLE))) {
      const paragraph = span.parentElement && span.parentElement.closest(`[${STYLE}*='mso-list']`);
      if (paragraph && !markers.has(paragraph)) {
        markers.set(paragraph, span.textContent);
      }
      span.remove();
    }
  }
  const isItem = (element) =>
    element && /mso-list\s*:\s*l\d+/i.test(element.getAttribute(STYLE) || "") && !/^h\d$/i.test(element.tagName);
  const levelOf = (element) => Number((/level(\d+)/i.exec(element.getAttribute(STYLE)) || [0, 1])[1]);
  const kindOf = (element) =>
    /^\s*([0-9]+|[a-z]|[ivxlc]+)[.)]/i.test(markers.get(element) || "") ? "ol" : "ul";
  const listOf = (element) => /mso-list\s*:\s*(l\d+)/i.exec(element.getAttribute(STYLE))[1];
  // The next item of the same Word list (a bulleted and a numbered list may follow each other directly).
  const nextItem = (element) => {
    let node = element.nextSibling;
    while (node && node.nodeType !== Node.ELEMENT_NODE) {
      if (node.nodeType === Node.TEXT_NODE && node.data.trim()) {
        return null;
      }
      node = node.nextSibling;
    }
    return isItem(node) && listOf(node) === listOf(element) ? node : null;
  };
  for (const first of [...body.querySelectorAll(`[${STYLE}*='mso-list']`)].filter(isItem)) {
    if (!first.isConnected || first.parentElement.closest("li")) {
      continue; // already part of a list made from an earlier run
    }
    const doc = body.ownerDocument;
    const root = doc.createElement(kindOf(first));
    first.before(root);
    const stack = [{ level: levelOf(first), list: root }];
    for (let item = first; item; ) {
      const following = nextItem(item);
      const level = levelOf(item);
      while (stack.length > 1 && stack[stack.length - 1].level > level) {
        stack.pop();
      }
      let top = stack[stack.length - 1];
      if (level > top.level && top.list.lastElementChild) {
        const nested = doc.createElement(kindOf(item));
        top.list.lastElementChild.append(nested);
        top = { level, list: nested };
        stack.push(top);
      }
      const li = doc.createElement("li");
      li.append(...item.childNodes);
      top.list.append(li);
      item.remove();
      item = following;
    }
  }
}

export function cleanPastedHtml(html, { headings = false } = {}) {
  const source = new DOMParser().parseFromString(inert(html), "text/html");
  const body = source.body;
  convertWordLists(body);

  // Headings keep their order: the highest level pasted becomes <h2>, the next <h3>, deeper ones <h3> as well.
  const levels = [...new Set([...body.querySelectorAll("h1,h2,h3,h4,h5,h6")].map((h) => Number(h.tagName[1])))];
  levels.sort();
  const headingTag = (level) => `h${Math.min(3, 2 + levels.indexOf(level))}`;

  const counts = { tables: 0, images: 0, embeds: 0, otherLinks: 0, headings: 0, rules: 0, controls: 0 };
  const unsafe = new Map();
  let formatting = false;
  const out = document.implementation.createHTMLDocument("");
  const root = out.createElement("div");

  const textBlock = (element) => /^(P|H[1-6])$/.test(element.tagName);

  function appendText(text, parent, marks) {
    let target = parent;
    if (marks.href) {
      const link = out.createElement("a");
      link.setAttribute("href", marks.href);
      target.append(link);
      target = link;
    }
    for (const [flag, tag] of [["bold", "strong"], ["italic", "em"]]) {
      if (marks[flag]) {
        const element = out.createElement(tag);
        target.append(element);
        target = element;
      }
    }
    target.append(text);
  }

  // A block of the output, or (inside a paragraph or heading) a line break between its parts.
  function block(tag, element, parent, marks) {
    if (textBlock(parent) || (tag === "p" && /^(A|STRONG|EM)$/.test(parent.tagName))) {
      if (parent.textContent.trim()) {
        parent.append(out.createElement("br"));
      }
      convertChildren(element, parent, marks);
      return;
    }
    const created = out.createElement(tag);
    if (element.hasAttribute("data-pm-slice")) {
      // The editor's own copy: ProseMirror reads from it how the copied part fits in.
      created.setAttribute("data-pm-slice", element.getAttribute("data-pm-slice"));
    }
    parent.append(created);
    convertChildren(element, created, marks);
    if (isEmpty(created)) {
      created.remove();
    }
  }

  function convertChildren(element, parent, marks) {
    for (const child of [...element.childNodes]) {
      convert(child, parent, marks);
    }
  }

  function convert(node, parent, marks) {
    if (node.nodeType === Node.TEXT_NODE) {
      const previous = parent.lastChild;
      const betweenBlocks = !previous || (previous.nodeType === Node.ELEMENT_NODE && BLOCKS.includes(previous.localName));
      if (!/^(P|H[1-6]|LI)$/.test(parent.tagName) && betweenBlocks && !node.data.trim()) {
        return; // the line breaks of the HTML source between blocks
      }
      appendText(node.data, parent, marks);
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) {
      return; // comments, e.g. Word's <!--StartFragment-->
    }
    const tag = node.localName.toLowerCase();
    if (SILENT.has(tag)) {
      return;
    }
    if (IMAGES.has(tag)) {
      if (!(tag === "img" && node.parentElement && node.parentElement.localName === "picture")) {
        counts.images += 1;
      }
      return;
    }
    if (EMBEDS.has(tag)) {
      counts.embeds += 1;
      return;
    }
    if (FORM_CONTROLS.has(tag)) {
      if (tag !== "option") {
        counts.controls += 1;
      }
      return;
    }
    if (tag === "hr") {
      counts.rules += 1;
      return;
    }
    if (tag === "br") {
      parent.append(out.createElement("br"));
      return;
    }
    const style = styleOf(node);
    if (FORMATTING_TAGS.has(tag) || FORMATTING_STYLE.test(style)) {
      formatting = true;
    }
    const inherited = { ...marks };
    const bold = isBoldStyle(style);
    const italic = isItalicStyle(style);
    if (tag === "b" || tag === "strong") {
      inherited.bold = bold !== false;
    } else if (bold !== null) {
      inherited.bold = bold;
    }
    if (tag === "i" || tag === "em") {
      inherited.italic = italic !== false;
    } else if (italic !== null) {
      inherited.italic = italic;
    }
    if (tag === "a" && node.hasAttribute("href")) {
      const href = node.getAttribute("href").trim();
      if (isAllowedHref(href)) {
        inherited.href = href;
      } else {
        const scheme = schemeOf(href);
        if (UNSAFE_SCHEMES.has(scheme)) {
          unsafe.set(scheme, (unsafe.get(scheme) || 0) + 1);
        } else {
          counts.otherLinks += 1;
        }
        inherited.href = null;
      }
    }
    if (/^h[1-6]$/.test(tag)) {
      if (headings) {
        block(headingTag(Number(tag[1])), node, parent, inherited);
      } else {
        counts.headings += 1;
        block("p", node, parent, inherited);
      }
    } else if (tag === "p") {
      block("p", node, parent, inherited);
    } else if (tag === "ul" || tag === "ol") {
      block(tag, node, parent, inherited);
    } else if (tag === "li") {
      block("li", node, parent, inherited);
    } else if (tag === "table") {
      counts.tables += 1;
      convertChildren(node, parent, inherited);
    } else if (TABLE_PARTS.has(tag)) {
      convertChildren(node, parent, inherited);
    } else if (BLOCKS.includes(tag)) {
      // Containers (div, td, blockquote, …): a paragraph of their text, unless they hold blocks of their own.
      if (node.querySelector(BLOCK_SELECTOR)) {
        convertChildren(node, parent, inherited);
      } else {
        block("p", node, parent, inherited);
      }
    } else {
      convertChildren(node, parent, inherited); // inline elements: only their text and marks stay
    }
  }

  convertChildren(body, root, { bold: false, italic: false, href: null });

  const removed = [];
  for (const [key, singular, plural, note] of PHRASES.slice(0, 3)) {
    if (counts[key]) {
      removed.push(`${counts[key]} ${counts[key] === 1 ? singular : plural}${note ? ` (${note})` : ""}`);
    }
  }
  if (unsafe.size) {
    const count = [...unsafe.values()].reduce((sum, value) => sum + value, 0);
    const schemes = [...unsafe.keys()].map((scheme) => `${scheme}:`).join(", ");
    removed.push(`${count} ${count === 1 ? "unsicherer Link" : "unsichere Links"} (${schemes})`);
  }
  for (const [key, singular, plural, note] of PHRASES.slice(3)) {
    if (counts[key]) {
      const text = key === "headings" && counts[key] > 1 ? "als Absätze übernommen" : note;
      removed.push(`${counts[key]} ${counts[key] === 1 ? singular : plural}${text ? ` (${text})` : ""}`);
    }
  }
  if (formatting) {
    removed.push("Formatierungen wie Schriftart, Farbe oder Unterstreichung");
  }
  return { html: root.innerHTML, removed };
}
