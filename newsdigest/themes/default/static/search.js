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

// The address holds the search, so it can be shared and survives reload and back: ?q= the words, sort=newest,
// and one topic=… / source=… (each filter's name) per chosen filter value.
const QUERY = "q";
const SORT = "sort";
const SORTS = { newest: { date: "desc" } };   // Pagefind sort keys (data-pagefind-sort="date:<UTC time>")

// A big site's index is split into bundles (newsdigest.search.bundle_folders), each searched by its own Pagefind
// instance (each folder's pagefind.js is a module of its own). Pagefind's mergeIndex would order merged results
// by score alone, which undoes "newest first"; here best-match results are merged by score as Pagefind does, and
// newest-first ones by date: each bundle's list is already newest first, so only the head of each is compared,
// by its `published` meta (data-pagefind-meta="published[datetime]", an ISO 8601 date and time).
async function openBundles(folders) {
  const instances = [];
  for (const folder of folders) {
    const instance = await import(folder + "pagefind.js");
    await instance.init();
    instances.push(instance);
  }
  return instances;
}

async function mergedFilters(instances) {
  return addedCounts(await Promise.all(instances.map((instance) => instance.filters())));
}

// Each bundle's filter counts, added up: {name: {value: count}}.
function addedCounts(perBundle) {
  const merged = {};
  for (const filters of perBundle) {
    for (const [name, values] of Object.entries(filters ?? {})) {
      merged[name] ??= {};
      for (const [value, count] of Object.entries(values)) merged[name][value] = (merged[name][value] ?? 0) + count;
    }
  }
  return merged;
}

// A function giving the next page of result data (up to PAGE_SIZE) on each call, [] when all are shown.
function bestMatch(lists) {
  const all = lists.flat().sort((a, b) => b.score - a.score);
  let at = 0;
  return async () => {
    const page = await Promise.all(all.slice(at, at + PAGE_SIZE).map((result) => result.data()));
    at += page.length;
    return page;
  };
}

function published(data) {
  const time = Date.parse(decodeText(data.meta?.published ?? ""));
  return Number.isNaN(time) ? -Infinity : time;
}

function newestFirst(lists) {
  // Bundles hold pages in address order, which for dated addresses is oldest first: on a tie (or with no
  // `published` meta) the later bundle's result comes first.
  const heads = lists.map((results) => ({ results, at: 0, data: null })).reverse();
  return async () => {
    const page = [];
    while (page.length < PAGE_SIZE) {
      await Promise.all(heads.map(async (head) => {
        if (!head.data && head.at < head.results.length) head.data = await head.results[head.at].data();
      }));
      let best = null;
      for (const head of heads) if (head.data && (!best || published(head.data) > published(best.data))) best = head;
      if (!best) break;
      page.push(best.data);
      best.data = null;
      best.at += 1;
    }
    return page;
  };
}

function capitalised(text) {
  return text ? text[0].toLocaleUpperCase() + text.slice(1) : text;
}

async function start(root) {
  const instances = await openBundles(JSON.parse(root.dataset.bundles));

  const form = root.querySelector("form");
  const input = root.querySelector("input[type=search]");
  const order = root.querySelector("select[name=sort]");
  const filterPanel = root.querySelector(".search-filters");
  const status = root.querySelector(".search-status");
  const list = root.querySelector(".search-results");
  const more = root.querySelector(".search-more");
  const address = new URL(window.location.href).searchParams;
  const chosen = {};          // filter name -> Set of chosen values (as the index stores them)
  const counts = {};          // filter name -> value -> the element showing its count
  let total = 0;              // results of the current search
  let shown = 0;
  let nextPage = async () => [];
  let latest = 0;             // only the newest query's answer is drawn

  const available = await mergedFilters(instances);
  let groups = 0;
  for (const [name, values] of Object.entries(available).sort()) {
    const entries = Object.entries(values);
    if (entries.length < 2 || name === QUERY || name === SORT) continue;
    const wanted = new Set(address.getAll(decodeText(name)));
    const group = element("fieldset", "search-filter");
    group.append(element("legend", "", capitalised(decodeText(name))));
    for (const [value, count] of entries.sort(([a], [b]) => decodeText(a).localeCompare(decodeText(b)))) {
      const label = element("label");
      const box = element("input");
      box.type = "checkbox";
      box.value = decodeText(value);
      if (wanted.has(box.value)) {
        box.checked = true;
        (chosen[name] ??= new Set()).add(value);
      }
      box.addEventListener("change", () => {
        chosen[name] ??= new Set();
        box.checked ? chosen[name].add(value) : chosen[name].delete(value);
        run();
      });
      const shownCount = element("span", "count", `(${count})`);
      (counts[name] ??= {})[value] = shownCount;
      label.append(box, " ", decodeText(value), " ", shownCount);
      group.append(label);
    }
    filterPanel.append(group);
    groups += 1;
  }
  filterPanel.hidden = !groups;

  // The counts of the results found now (the whole site's when there is no search): a value that no result of
  // these words has shows (0) rather than the site's count, which ticking it would not give.
  function showCounts(found) {
    for (const [name, values] of Object.entries(counts)) {
      for (const [value, shownCount] of Object.entries(values)) {
        const count = (found ?? available)[name]?.[value] ?? 0;
        shownCount.textContent = `(${count})`;
        shownCount.parentElement.classList.toggle("search-filter-empty", count === 0);
      }
    }
  }
  // Beside the results on a wide screen the filters stay open; on a phone they fold away above the results.
  filterPanel.open = window.matchMedia("(min-width: 52rem)").matches || Object.keys(chosen).length > 0;
  const filterTitle = filterPanel.querySelector("summary");

  function countChosen() {
    const count = Object.values(chosen).reduce((sum, values) => sum + values.size, 0);
    filterTitle.textContent = count ? `Filters (${count} chosen)` : "Filters";
  }
  countChosen();

  // The address as the page now stands: the words, the order and the chosen filters; nothing else is kept.
  function remember(query) {
    const url = new URL(window.location.href);
    url.search = "";
    if (query) url.searchParams.set(QUERY, query);
    if (Object.hasOwn(SORTS, order.value)) url.searchParams.set(SORT, order.value);
    for (const [name, values] of Object.entries(chosen)) {
      for (const value of [...values].sort()) url.searchParams.append(decodeText(name), decodeText(value));
    }
    if (url.href !== window.location.href) window.history.replaceState(null, "", url);
  }

  async function run() {
    const query = input.value.trim();
    const filters = {};
    for (const [name, values] of Object.entries(chosen)) if (values.size) filters[name] = { any: [...values] };
    remember(query);
    countChosen();
    const ticket = ++latest;
    if (!query && !Object.keys(filters).length) {
      total = shown = 0;
      list.replaceChildren();
      status.textContent = "";
      more.hidden = true;
      showCounts(null);
      return;
    }
    const options = { filters };
    if (Object.hasOwn(SORTS, order.value)) options.sort = SORTS[order.value];
    const searches = await Promise.all(instances.map((instance) => instance.search(query || null, options)));
    if (ticket !== latest || searches.some((search) => !search)) return;
    const lists = searches.map((search) => search.results);
    // (the counts for these words whatever is ticked: what ticking a value gives, as values of a group add up)
    showCounts(addedCounts(searches.map((search) => search.totalFilters ?? search.filters)));
    total = lists.reduce((sum, results) => sum + results.length, 0);
    shown = 0;
    nextPage = options.sort ? newestFirst(lists) : bestMatch(lists);
    list.replaceChildren();
    const words = query ? ` for “${query}”` : "";
    const sorted = options.sort ? ", newest first" : "";
    status.textContent = total
      ? `${total} ${total === 1 ? "result" : "results"}${words}${sorted}`
      : `No results${words}`;
    await showMore(ticket);
  }

  async function showMore(ticket) {
    more.disabled = true;     // one page at a time: the newest-first merge reads each bundle's list in turn
    const page = await nextPage();
    more.disabled = false;
    if (ticket !== latest) return;
    shown += page.length;
    for (const data of page) {
      const href = safeHref(data.url);
      if (!href) continue;
      const item = element("li", "search-result");
      // the article's own language (a Japanese report on an English site), and its direction from its text
      const lang = decodeText(data.meta?.lang ?? "");
      if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(lang)) item.lang = lang;
      item.dir = "auto";
      const heading = element("h2", "search-result-title");
      const link = element("a", "search-result-link", decodeText(data.meta?.title || data.url));
      link.href = href;
      heading.append(link);
      item.append(heading);
      const facts = [...(data.filters?.source ?? []), data.meta?.date].filter(Boolean).map(decodeText);
      if (facts.length) item.append(element("p", "search-result-meta", facts.join(" · ")));
      const excerpt = element("p", "search-result-excerpt");
      excerpt.append(excerptNodes(data.excerpt));
      item.append(excerpt);
      list.append(item);
    }
    more.hidden = shown >= total;
  }

  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  order.addEventListener("change", () => {
    clearTimeout(timer);
    run();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  more.addEventListener("click", () => showMore(latest));
  input.value = address.get(QUERY) ?? "";
  order.value = Object.hasOwn(SORTS, address.get(SORT) ?? "") ? address.get(SORT) : "";
  if (input.value.trim() || Object.keys(chosen).length) await run();
  root.dataset.ready = "true";
}

const root = document.getElementById("search");
if (root) {
  start(root).catch((error) => {
    const status = root.querySelector(".search-status");
    if (status) status.textContent = "Search is not available: " + error.message;
  });
}
