"""One article crawled under many addresses: the address stored, and the page found again under another one."""

from __future__ import annotations

import json

import pytest

from newsdigest.ingest import ingest_file
from newsdigest.ingest.page_urls import article_url, original_address, page_key, without_tracking
from newsdigest.urls import is_web_url
from tests.ingest.conftest import front_matter

ARTICLE = "https://www.valley-post.example/news/2026/03/04/old-mill-bridge-closed"

PARAGRAPHS = [
    "The Old Mill bridge over the river Tamm closed to lorries on Wednesday after inspectors found cracks in two "
    "of its stone arches, the county council said in a statement published that morning.",
    "Cars and buses may still cross at walking pace while engineers decide how the arches can be repaired, and "
    "a diversion for heavy traffic runs through the industrial estate on the east bank of the river.",
    "Traders in the market square said deliveries would take longer, and asked the council to publish a date "
    "for the work so that suppliers could plan their rounds for the weeks ahead.",
]


def _html(*, og_url: str = "", canonical: str = "", title: str = "Old Mill bridge closed to lorries") -> str:
    links = (f'<meta property="og:url" content="{og_url}">' if og_url else "") + \
        (f'<link rel="canonical" href="{canonical}">' if canonical else "")
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f"<html><head><title>{title} | Valley Post</title><meta property=\"og:title\" content=\"{title}\">"
            f'<meta property="og:site_name" content="Valley Post">'
            f'<meta property="article:published_time" content="2026-03-04T09:15:00+00:00">{links}</head>'
            f"<body><article><h1>{title}</h1>{body}</article></body></html>")


def _record(url: str, **html) -> str:
    return json.dumps({"url": url, "html": _html(**html)}) + "\n"


@pytest.mark.parametrize("variant", [
    ARTICLE + "?utm_source=twitter&utm_medium=social&fbclid=IwAR3",
    ARTICLE.replace("https://", "http://"),
    ARTICLE + "/",
    ARTICLE.replace("www.", ""),
    ARTICLE.replace("www.", "m."),
    ARTICLE + "/amp/",
    ARTICLE + "?outputType=amp",
    ARTICLE.replace("/news/", "/amp/news/"),
    ARTICLE + "#comments",
])
def test_the_addresses_a_crawler_reaches_one_article_under_fold_to_one(variant):
    assert page_key(variant) == page_key(ARTICLE) != ""


@pytest.mark.parametrize("other", [
    ARTICLE + "-2",
    ARTICLE + "?id=4",
    ARTICLE.replace("valley-post.example", "other-post.example"),
    ARTICLE.replace("/news/", "/NEWS/"),
])
def test_other_pages_stay_apart(other):
    assert page_key(other) != page_key(ARTICLE)


def test_tracking_parameters_and_the_fragment_go_and_the_sites_own_parameters_stay_in_order():
    assert without_tracking(ARTICLE + "?page=2&utm_campaign=x&CMP=share_btn&id=7&gclid=1#top") == ARTICLE + "?page=2&id=7"
    assert without_tracking(ARTICLE + "?fbclid=IwAR3") == ARTICLE
    assert without_tracking(ARTICLE + "?ref=home") == ARTICLE + "?ref=home"   # not unambiguous: kept
    # the other parameters exactly as written: a bare value, ";", "/" and a stray "%" were re-encoded
    for kept in ("view.php?12345", "?ids=1;2", "?path=/b/c", "?q=%ZZ", "?a=1&&b=2+3"):
        assert without_tracking(ARTICLE + kept + "&utm_medium=x&fbclid=1") == ARTICLE + kept.replace("&&", "&")


@pytest.mark.parametrize("written, stored", [
    ("https://x-news.example/s?q=[x]&y={z}", "https://x-news.example/s?q=[x]&y=%7Bz%7D"),
    ("https://x-news.example/a b|c", "https://x-news.example/a%20b%7Cc"),
    ("https://x-news.example/a\tb  c", "https://x-news.example/ab%20%20c"),   # (a tab goes, as a browser drops it)
    ('https://x-news.example/say-"no"^`x`\\y', "https://x-news.example/say-%22no%22%5E%60x%60%5Cy"),
    ("https://x-news.example/%7Bkept%7D/Straße/기사", "https://x-news.example/%7Bkept%7D/Straße/기사"),
])
def test_an_address_holding_what_a_link_may_not_is_stored_as_a_browser_asks_for_it(written, stored, tmp_path, config):
    """A scraper keeps a link as the page wrote it: ingest stored "?y={z}", which the build then refused ("not an
    absolute http(s) URL; left out"), so the article lost its link to the original; one with a space was lost at
    once."""
    assert article_url(written) == stored and is_web_url(stored)
    record = {"url": written, "title": "Quay works start on Monday", "source": "X News", "date": "2026-03-02",
              "text": "The quay works start on Monday and last until the summer, the harbour office said today."}
    (tmp_path / "items.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    [written_file] = ingest_file(tmp_path / "items.jsonl", config, out_dir=tmp_path / "content").written
    assert front_matter(written_file.path)["url"] == stored


def test_a_canonical_link_whose_host_urllib_refuses_is_no_address_and_no_failure():
    """`<link rel="canonical" href="//e]c/y">` failed the whole page: "internal error (ValueError: Invalid IPv6
    URL)"."""
    assert article_url(ARTICLE, "//e]c/y") == ARTICLE


def test_the_stored_address_is_the_pages_canonical_link_on_its_own_site():
    amp = ARTICLE + "/amp/"
    assert article_url(amp, "/news/2026/03/04/old-mill-bridge-closed") == ARTICLE
    assert article_url(amp + "?utm_source=x", ARTICLE + "?utm_medium=y") == ARTICLE
    # another site's address, a site that points every page to its home page or to a section, another user's post
    # on a shared host, an address no one can follow: none of them is this page
    assert article_url(ARTICLE, "https://aggregator.com/story/1") == ARTICLE
    assert article_url(ARTICLE, "https://www.valley-post.example/") == ARTICLE
    assert article_url(ARTICLE, "/news/") == ARTICLE
    assert article_url(ARTICLE, "/news/2026/03/05/library-opens") == ARTICLE
    assert article_url("https://medium.com/@one/post-1", "https://medium.com/@other/post-2") == \
        "https://medium.com/@one/post-1"
    assert article_url(ARTICLE, "javascript:alert(1)") == ARTICLE
    assert article_url("", "/relative/only") == ""
    assert article_url("", ARTICLE + "?utm_source=x") == ARTICLE


def test_a_tracked_address_is_stored_clean_and_the_canonical_link_wins_over_og_url(config, content_dir, tmp_path):
    """The record's address with a campaign's parameters went into `url:`, every link and every feed; an AMP page's
    og:url was stored though its canonical link named the article."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "tracked.jsonl").write_text(_record(ARTICLE + "?utm_source=twitter&fbclid=IwAR3"), encoding="utf-8")
    [written] = ingest_file(inbox / "tracked.jsonl", config, out_dir=content_dir).written
    assert front_matter(written.path)["url"] == ARTICLE
    amp = tmp_path / "amp.html"
    amp.write_text(_html(og_url=ARTICLE + "/amp/", canonical=ARTICLE, title="Bridge closed: what drivers need to know"),
                   encoding="utf-8")
    written.path.unlink()
    [again] = ingest_file(amp, config, out_dir=content_dir, force=True).written
    assert front_matter(again.path)["url"] == ARTICLE


def test_the_updated_page_under_another_address_is_the_same_article(config, content_dir, tmp_path):
    """A page crawled with tracking parameters one day and plain the next, its headline rewritten meanwhile,
    became a second article; deleted, it came back under another address; `--force` wrote one copy per address."""
    day1, day2 = tmp_path / "day1.jsonl", tmp_path / "day2.jsonl"
    day1.write_text(_record(ARTICLE + "?utm_source=newsletter"), encoding="utf-8")
    [first] = ingest_file(day1, config, out_dir=content_dir).written
    day2.write_text(_record(ARTICLE.replace("https://www.", "http://m.") + "/", title="Old Mill bridge: lorries "
                            "diverted through the estate"), encoding="utf-8")
    [skipped] = ingest_file(day2, config, out_dir=content_dir).skipped
    assert skipped.path == first.path and "holds another version of this page" in skipped.message
    variants = tmp_path / "variants.jsonl"
    variants.write_text("".join(_record(ARTICLE + suffix) for suffix in ("#top", "?fbclid=1", "/amp/")), encoding="utf-8")
    report = ingest_file(variants, config, out_dir=content_dir, force=True)
    assert {o.path for o in report.written} == {first.path}
    assert sorted(content_dir.rglob("*.md")) == [first.path]
    first.path.unlink()
    [gone] = ingest_file(day2, config, out_dir=content_dir).skipped
    assert "since deleted" in gone.message and not list(content_dir.rglob("*.md"))


def test_force_rewrites_the_file_holding_the_same_text_instead_of_adding_a_copy(config, content_dir, tmp_path):
    """A page saved without its address and ingested again with --force under another name: one file."""
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    first.write_text(_html(), encoding="utf-8")
    second.write_text(_html(), encoding="utf-8")
    [written] = ingest_file(first, config, out_dir=content_dir).written
    [again] = ingest_file(second, config, out_dir=content_dir, force=True).written
    assert again.path == written.path and sorted(content_dir.rglob("*.md")) == [written.path]


def test_two_articles_whose_canonical_link_names_their_section_stay_two(config, content_dir, tmp_path):
    """Every article of a site declaring its section page as canonical: the second article was taken for the
    first one updated, skipped, and with --force written over it."""
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(_record(ARTICLE, canonical="/news/"), encoding="utf-8")
    other = ARTICLE.replace("03/04/old-mill-bridge-closed", "03/05/library-opens-repair-cafe")
    second.write_text(json.dumps({"url": other, "html": _html(canonical="/news/", title="Library opens a repair café")
                                  .replace(PARAGRAPHS[0], "The library opened a repair café on Saturday, where "
                                           "volunteers mend lamps, toasters, bicycles and clothes for free.")
                                  .replace(PARAGRAPHS[1], "Forty people brought broken things on the first day, and "
                                           "the volunteers fixed more than half of them before the doors closed.")
                                  .replace(PARAGRAPHS[2], "The café will open on the first Saturday of every month, "
                                           "and the library is looking for more people who can repair electronics.")})
                      + "\n", encoding="utf-8")
    [one] = ingest_file(first, config, out_dir=content_dir).written
    [two] = ingest_file(second, config, out_dir=content_dir, force=True).written
    assert one.path != two.path and one.path.exists()
    assert front_matter(one.path)["url"] == ARTICLE and front_matter(two.path)["url"] == other


def test_a_page_a_browser_saved_whole_is_one_page_with_its_address(config, content_dir, tmp_path, capsys):
    """"Save Page As…, complete" writes Name.html and Name_files/ with the page's frames: ingest read those frames
    as pages ("no article found", exit status 1), and the address the browser noted in the page went unused."""
    from newsdigest.ingest import run
    from newsdigest.ingest.input_files import in_saved_page_files
    from tests.ingest.conftest import ingest_args
    inbox = tmp_path / "inbox"
    (inbox / "Old Mill bridge closed_files").mkdir(parents=True)
    page = _html().replace("<html>", f"<!-- saved from url=(0070){ARTICLE}?utm_source=x -->\n<html>", 1)
    (inbox / "Old Mill bridge closed.html").write_text(page, encoding="utf-8")
    for name in ("frame.html", "saved_resource.html"):
        (inbox / "Old Mill bridge closed_files" / name).write_text("<html><body><p>Ad</p></body></html>",
                                                                   encoding="utf-8")
    (inbox / "notes_files").mkdir()        # no page of that name beside it: an ordinary folder, read
    (inbox / "notes_files" / "other.html").write_text(_html(title="Ferry timetable changes"), encoding="utf-8")
    assert run(ingest_args(inbox, out=content_dir), config) == 0
    told = capsys.readouterr().out
    [written] = content_dir.rglob("*.md")
    assert front_matter(written)["url"] == ARTICLE
    assert "frame.html" not in told and "saved_resource.html" not in told
    assert "notes_files/other.html: near-duplicate" in told     # (read: the same text as the saved page)
    assert in_saved_page_files(inbox / "Old Mill bridge closed_files" / "frame.html", inbox)
    assert not in_saved_page_files(inbox / "notes_files" / "other.html", inbox)


def test_one_sites_page_found_under_two_outlet_names_is_one_article(config, content_dir, tmp_path):
    """The same page as HTML (outlet from its metadata) and as a scraper's text record (outlet named otherwise,
    its address with a parameter of the site's own) was stored twice, as two outlets' articles, and became a
    two-outlet story on the home page: articles of one site are one outlet's, whatever their names."""
    address = "https://www.valleypost.co.uk/news/2026/03/04/old-mill-bridge-closed"
    page = tmp_path / "page.html"
    page.write_text(_html(og_url=address), encoding="utf-8")
    [first] = ingest_file(page, config, out_dir=content_dir).written
    record = tmp_path / "record.jsonl"
    text = "\n".join(["Old Mill bridge closed to lorries", "4 March 2026", *PARAGRAPHS, "Most read"])
    record.write_text(json.dumps({"url": address + "?iref=home", "text": text, "source": "VP Media Group",
                                  "date_publish": "2026-03-04 09:15:00",
                                  "title": "Old Mill bridge closed to lorries"}) + "\n", encoding="utf-8")
    report = ingest_file(record, config, out_dir=content_dir)
    assert not report.written and report.skipped and report.skipped[0].path == first.path


def test_an_aggregators_pages_of_two_outlets_stay_two_articles():
    """One site is one outlet only where a name spells the site: an aggregator carries many outlets' reports."""
    from newsdigest.ingest.outlet_names import one_outlet
    assert one_outlet("The Asahi Shimbun Company", "asahi.com", "朝日新聞デジタル", "asahi.com")
    assert not one_outlet("Associated Press", "msn.com", "Reuters", "msn.com")
    assert not one_outlet("The Asahi Shimbun Company", "asahi.com", "朝日新聞デジタル", "")
    assert one_outlet("Reuters", "", "reuters.com", "")


@pytest.mark.parametrize("crawled, canonical, stored", [
    ("/news/123.amp", "/news/123", "/news/123"),                      # AMP versions in the forms sites give them
    ("/news/123.amp.html", "/news/123.html", "/news/123.html"),
    ("/amp/s/news/123", "/news/123", "/news/123"),
    ("/news/print/123", "/news/123", "/news/123"),                    # a printable version
    ("/news/123", "/news/123/harbour-tram-opens", "/news/123/harbour-tram-opens"),   # a short address
    ("/news/x?id=5&page=2", "/news/x?id=5", "/news/x?id=5"),          # without a parameter
    ("/p/Abc", "/p/abc", "/p/abc"),                                   # in other letter case
    ("/news/2026/03/04/bridge", "/news/", "/news/2026/03/04/bridge"),  # a section above the page
    ("/news/2026/03/04/bridge", "/news/2026/03/05/library", "/news/2026/03/04/bridge"),   # another article
])
def test_a_canonical_link_is_taken_where_it_names_this_page(crawled, canonical, stored):
    site = "https://www.harbourgazette.co.uk"
    assert article_url(site + crawled, site + canonical) == site + stored


def test_a_picture_address_is_absolute_and_spaces_are_escaped():
    from newsdigest.ingest.page_urls import picture_url
    assert picture_url("/img/night ferry 1.jpg", "https://bay.example/news/a") == \
        "https://bay.example/img/night%20ferry%201.jpg"
    assert picture_url("data:image/png;base64,AAAA", "https://bay.example/") == ""
    # a record's picture with a line break, a control or a direction mark in it went into front matter as it was,
    # where a page's own address refuses them: written as a browser asks for them (line breaks dropped, as a browser
    # drops them); a host with a quote in it is no address
    assert picture_url("https://img.example/a\x1b[1m\u202e\u2028b.jpg?w=1#x") == \
        "https://img.example/a%1B%5B1m%E2%80%AE%E2%80%A8b.jpg?w=1#x"
    assert picture_url("https://img.example/ferry.jpg\n---\ntitle: x") == "https://img.example/ferry.jpg---title:%20x"
    assert picture_url('https://img"host.example/a.jpg') == "" and picture_url("https://img\nhost.example/a.jpg") == \
        "https://imghost.example/a.jpg"


WAYBACK = "https://web.archive.org/web/20250611083000/"


@pytest.mark.parametrize("copy, original", [
    (WAYBACK + ARTICLE, ARTICLE),
    ("http://web.archive.org/web/2025id_/www.valley-post.example/news/a?id=3",
     "http://www.valley-post.example/news/a?id=3"),
    ("https://archive.ph/2025.06.11-083000/" + ARTICLE, ARTICLE),
    ("https://www-valley--post-example.cdn.ampproject.org/c/s/www.valley-post.example/news/a/amp",
     "https://www.valley-post.example/news/a/amp"),
    (WAYBACK, WAYBACK),
    ("https://web.archive.org/web/*/valley-post.example*", "https://web.archive.org/web/*/valley-post.example*"),
    (ARTICLE, ARTICLE),
    # a copy of another scheme's address is no web page's: the archive's address stays
    (WAYBACK + "ftp://files.valley-post.example/a", WAYBACK + "ftp://files.valley-post.example/a"),
    (WAYBACK + "file:///etc/passwd", WAYBACK + "file:///etc/passwd"),
    (WAYBACK + "www.valley-post.example:8080/a", "http://www.valley-post.example:8080/a"),
])
def test_an_archives_copy_names_its_original(copy, original):
    assert original_address(copy) == original


def wayback_copy(page: str) -> str:
    """A page as the Wayback Machine serves its copy: every address rewritten to the archive's, its banner added."""
    import re
    page = re.sub(r'(href|content)="(https?://[^"]+)"', lambda found: f'{found[1]}="{WAYBACK}{found[2]}"', page)
    return page.replace("<body>", '<body><!-- BEGIN WAYBACK TOOLBAR INSERT --><div id="wm-ipp-base">Wayback '
                                  "Machine</div><!-- END WAYBACK TOOLBAR INSERT -->", 1)


def test_an_archived_copy_is_stored_with_the_original_address_and_outlet(config, content_dir, tmp_path):
    """The archive's address was the article's `url:`, its outlet the archive when the page names none, and the
    capture time in the address could date a page that states no date."""
    html = _html(canonical=ARTICLE).replace('<meta property="og:site_name" content="Valley Post">', "")
    undated = html.replace('<meta property="article:published_time" content="2026-03-04T09:15:00+00:00">', "")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "saved.html").write_text(wayback_copy(html), encoding="utf-8")
    (inbox / "feed.jsonl").write_text(json.dumps({"url": WAYBACK + ARTICLE.replace("old-mill", "the-old-mill"),
                                                  "html": wayback_copy(undated)}) + "\n", encoding="utf-8")
    # (into two folders: the same text twice is one article)
    written = (ingest_file(inbox / "saved.html", config, out_dir=content_dir).written
               + ingest_file(inbox / "feed.jsonl", config, out_dir=tmp_path / "other").written)
    metas = [front_matter(w.path) for w in written]
    assert sorted(meta["url"] for meta in metas) == sorted([ARTICLE, ARTICLE.replace("old-mill", "the-old-mill")])
    assert all("archive" not in meta.get("source", "").casefold() for meta in metas)
    assert all(str(meta["date"]).startswith("2026-03-04") for meta in metas)   # the article's, not the capture's


@pytest.mark.parametrize("head", [
    '<base href="https://www.valley-post.example/">', '<base href="https://www.valley-post.example/static/">',
    '<link rel="alternate" hreflang="x-default" href="https://www.valley-post.example/en/">'])
def test_a_base_address_or_a_language_versions_address_is_not_the_articles(config, content_dir, tmp_path, head):
    """trafilatura takes <base href> and the x-default language version for a page's address, and sites put them
    on every article: each saved page was stored at one address (then refused as the home page, or taken for a
    second version of the first and skipped, or written over it with --update)."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    market = ["The market square will close for three weeks in May while its cobbles are lifted, cleaned and laid "
              "again on a new bed of sand, the town council announced at its monthly meeting.",
              "Stallholders are to trade from the car park behind the library during the works, and the council "
              "will waive their pitch fees for the whole period to make up for the move.",
              "The square was last resurfaced in the nineteen-eighties, and several traders have tripped on loose "
              "stones over the winter, according to a report presented to councillors."]
    first = _html().replace("<title>", f"{head}<title>", 1)
    second = first.replace("Old Mill bridge closed to lorries", "Market square to close for resurfacing")
    for old, new in zip(PARAGRAPHS, market):
        second = second.replace(old, new)
    (inbox / "page0.html").write_text(first, encoding="utf-8")
    (inbox / "page1.html").write_text(second, encoding="utf-8")
    written = [w for n in range(2) for w in ingest_file(inbox / f"page{n}.html", config, out_dir=content_dir).written]
    assert len(written) == 2
    assert all("url" not in front_matter(w.path) for w in written)


def test_a_relative_canonical_link_is_read_against_the_pages_base_address():
    """The page's <base href> says where its relative links lead, its canonical link's too: read against the
    crawled address instead, it named another page."""
    from newsdigest.ingest.site_metadata import canonical_link
    head = '<html><head><base href="https://www.valley-post.example/news/"><link rel="canonical" href="{}"></head></html>'
    assert canonical_link(head.format("2026/03/04/bridge")) == "https://www.valley-post.example/news/2026/03/04/bridge"
    assert canonical_link(head.format("https://other.example/a")) == "https://other.example/a"
    assert canonical_link(head.replace("https://www.valley-post.example/news/", "javascript:x").format("a")) == "a"
    assert canonical_link('<link rel="canonical" href="/a">') == "/a"


@pytest.mark.parametrize("query, kept", [
    ("?source=rss----a1b2c3d4e5f6---4", ""),   # Medium's, on every item of its feeds
    ("?source=rss-9f8e7d6c5b4a------2", ""), ("?from=rss", ""), ("?ref=rss&id=7", "?id=7"), ("?cmpid=RSS", ""),
    ("?source=atom_feed", ""),
    # a parameter of the same name that tells no feed, or a value that only starts as one does, stays
    ("?source=home", "?source=home"), ("?ref=feedback", "?ref=feedback"), ("?rss=1", "?rss=1"),
])
def test_a_parameter_a_feed_adds_to_its_items_links_goes(query, kept):
    """A feed marks the visits its items' links bring with a "came from" parameter naming the feed (Medium's
    "?source=rss----...---4"): it was kept in the stored address."""
    assert without_tracking(ARTICLE + query) == ARTICLE + kept
