// The search page: Pagefind's JavaScript API, with every result drawn by DOM methods.
//
// Everything the index returns (titles, dates, excerpts, filter names and values) is text scraped from other
// people's pages. None of it is ever parsed as HTML here: strings become text nodes, and the only markup taken
// from an excerpt is Pagefind's own <mark> around matched words, rebuilt as elements. The build also stores
// every index string HTML-escaped (newsdigest.search.escape_bundle_text), so `decodeText` turns the five
// entities back into characters.

const PAGE_SIZE = 10;
const ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&#x27;": "'" };

function decodeText(value) {
  return String(value ?? "").replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (entity) => ENTITIES[entity]);
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// An excerpt is escaped text with <mark>…</mark> around hits; anything else that looks like a tag stays text.
function excerptNodes(excerpt) {
  const fragment = document.createDocumentFragment();
  let marked = false;
  for (const part of String(excerpt ?? "").split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>" || part === "</mark>") {
      marked = part === "<mark>";
    } else if (part) {
      fragment.append(marked ? element("mark", "", decodeText(part)) : document.createTextNode(decodeText(part)));
    }
  }
  return fragment;
}

// Result URLs come from our own index, but a link is only ever a path on this site.
function safeHref(url) {
  try {
    const resolved = new URL(url, window.location.href);
    return resolved.origin === window.location.origin ? resolved.pathname + resolved.search + resolved.hash : null;
  } catch {
    return null;
  }
}

async function start(root) {
  const bundles = JSON.parse(root.dataset.bundles);
  const pagefind = await import(bundles[0] + "pagefind.js");
  for (const extra of bundles.slice(1)) await pagefind.mergeIndex(extra);
  await pagefind.init();

  const form = root.querySelector("form");
  const input = root.querySelector("input[type=search]");
  const filterPanel = root.querySelector(".search-filters");
  const status = root.querySelector(".search-status");
  const list = root.querySelector(".search-results");
  const more = root.querySelector(".search-more");
  const chosen = {};          // filter name -> Set of chosen values
  let results = [];
  let shown = 0;
  let latest = 0;             // only the newest query's answer is drawn

  const available = await pagefind.filters();
  for (const [name, values] of Object.entries(available).sort()) {
    const entries = Object.entries(values);
    if (entries.length < 2) continue;
    const group = element("fieldset", "search-filter");
    group.append(element("legend", "", decodeText(name)));
    for (const [value, count] of entries.sort(([a], [b]) => decodeText(a).localeCompare(decodeText(b)))) {
      const label = element("label");
      const box = element("input");
      box.type = "checkbox";
      box.addEventListener("change", () => {
        chosen[name] ??= new Set();
        box.checked ? chosen[name].add(value) : chosen[name].delete(value);
        run();
      });
      label.append(box, " ", decodeText(value), " ", element("span", "count", `(${count})`));
      group.append(label);
    }
    filterPanel.append(group);
  }
  filterPanel.hidden = !filterPanel.childElementCount;

  async function run() {
    const query = input.value.trim();
    const filters = {};
    for (const [name, values] of Object.entries(chosen)) if (values.size) filters[name] = { any: [...values] };
    const url = new URL(window.location.href);
    query ? url.searchParams.set("q", query) : url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
    const ticket = ++latest;
    if (!query && !Object.keys(filters).length) {
      results = [];
      list.replaceChildren();
      status.textContent = "";
      more.hidden = true;
      return;
    }
    const search = await pagefind.search(query || null, { filters });
    if (ticket !== latest || !search) return;
    results = search.results;
    shown = 0;
    list.replaceChildren();
    status.textContent = results.length
      ? `${results.length} ${results.length === 1 ? "result" : "results"}${query ? ` for “${query}”` : ""}`
      : `No results${query ? ` for “${query}”` : ""}`;
    await showMore(ticket);
  }

  async function showMore(ticket) {
    const page = await Promise.all(results.slice(shown, shown + PAGE_SIZE).map((result) => result.data()));
    if (ticket !== latest) return;
    shown += page.length;
    for (const data of page) {
      const href = safeHref(data.url);
      if (!href) continue;
      const item = element("li", "search-result");
      const heading = element("h2", "search-result-title");
      const link = element("a", "search-result-link", decodeText(data.meta?.title || data.url));
      link.href = href;
      heading.append(link);
      item.append(heading);
      if (data.meta?.date) item.append(element("p", "meta", decodeText(data.meta.date)));
      const excerpt = element("p", "search-result-excerpt");
      excerpt.append(excerptNodes(data.excerpt));
      item.append(excerpt);
      list.append(item);
    }
    more.hidden = shown >= results.length;
  }

  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  more.addEventListener("click", () => showMore(latest));
  const initial = new URL(window.location.href).searchParams.get("q");
  if (initial) {
    input.value = initial;
    run();
  }
  root.dataset.ready = "true";
}

const root = document.getElementById("search");
if (root) {
  start(root).catch((error) => {
    const status = root.querySelector(".search-status");
    if (status) status.textContent = "Search is not available: " + error.message;
  });
}
