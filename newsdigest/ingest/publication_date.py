"""Which date on a text dump is its publication date: the page's dates as scored candidates, else an inference.

`date_candidates` reads every date on the page's lines in the page's own order (`page_order`) with what the
words before it say ("Updated", "Published"); `date_features` describes each for the learned chooser (`date`
in `line_model.json`). `choose_date` takes the best-scoring one; failing that, the date is inferred from dated
photo captions and the weekdays the text names, or the "today" banner at the top of the page.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import urlsplit

from newsdigest.ingest import rules
from newsdigest.ingest.classifier import LineModel
from newsdigest.ingest.consent import is_consent
from newsdigest.ingest.dates import FoundDate, date_order, find_dates, is_date_line, next_weekday, weekdays_in
from newsdigest.ingest.lines import Page
from newsdigest.ingest.text_body import Body
from newsdigest.ingest.text_marks import Line
from newsdigest.scripts import SENTENCE_END_MARKS

MIN_DATE_SCORE = -4.0       # a date scored below this (log-odds) is not taken as the publication date
_DIGIT = re.compile(r"\d")
_SENTENCE_END = re.compile(rf"[{SENTENCE_END_MARKS}][\"'”’»)]*$")

# Words that say a date is when the page was changed, not first published ("Updated 14 hours ago").
UPDATED_WORDS = re.compile(
    r"\b(?:updated|update|modified|edited|last\s+changed|revised|aktualisiert|geändert|zuletzt|stand|mis\s+à\s+jour"
    r"|modifié|actualisé|actualizado|actualización|modificado|atualizado|aggiornato|aggiornamento|modificato"
    r"|bijgewerkt|gewijzigd|uppdaterad|uppdaterat|opdateret|oppdatert|oppdatering|päivitetty|zaktualizowano"
    r"|aktualizacja|aktualizováno|aktualizované|upraveno|обновлено|обновлён|оновлено|güncellendi|güncelleme"
    r"|atnaujinta|diperbarui|cập\s+nhật|frissítve|actualizat|ενημερώθηκε|ενημέρωση|עודכן|تحديث"
    r"|به[\u200c\s]?روز[\u200c\s]?رسانی|بروزرسانی|अपडेटेड|अपडेट"
    # the nouns: "Letzte Änderung", "Dernière modification", "Última modificación", "Ultima modifica"
    r"|änderung|modification|modificación|modifica|wijziging|ændret|endret|muutettu)\b|更新|수정|업데이트",
    re.IGNORECASE)
# Words that say a date is the publication date.
PUBLISHED_WORDS = re.compile(
    r"\b(?:published|posted|first\s+published|released|veröffentlicht|erschienen|publiziert|erstellt|publié"
    r"|publicado|publicada|publicación|pubblicato|gepubliceerd|publicerad|publicerat|publiceret|udgivet|publisert"
    r"|julkaistu|opublikowano|publikacja|publikováno|zveřejněno|publikované|опубликовано|опубліковано"
    r"|yayınlanma|yayınlandı|paskelbta|diterbitkan|dipublikasikan|xuất\s+bản|megjelent|publicat|δημοσιεύθηκε"
    r"|δημοσίευση|פורסם|نشر|النشر|انتشار|प्रकाशित)\b"
    r"|公開|掲載|配信|发布|發佈|发表|發表|입력|등록|기사입력",
    re.IGNORECASE)

# Few, general figures, so that the chooser holds on sites it never saw: where the date stands relative to the
# headline and the article (a date between headline and text is the article's; teaser lists, footers and the "today"
# banner are not), what its line looks like (a date line, a byline with a date, a sentence that mentions a date), and
# what the words before it say ("Updated" is not "Published"). Figures that describe the page's other dates (the
# latest, the most frequent) were dropped: they learn the training sites' teaser lists and events mentioned in the
# text, and do not carry over to new sites.
DATE_FEATURES = [
    "title_distance", "start_distance", "in_body", "after_body", "before_title", "top_banner", "date_line",
    "log_units", "has_time", "published_word", "updated_word", "dates_nearby", "p_article", "caption",
    "first_after_title", "rank_after_title", "header", "in_sentence",
]
# The direction in which some figures may move a date's score: the chooser may not learn the opposite from a few
# training pages.
DATE_MONOTONE = {"published_word": 1, "updated_word": -1, "caption": -1, "top_banner": -1, "header": 1,
                 "in_sentence": -1}


@dataclass(frozen=True)
class DateCandidate:
    found: FoundDate
    line: int                # index of the line it was read from
    updated: bool            # an "Updated"/"Modified" word stands before it in its line (or ends the line above)
    published: bool          # a "Published" word does


# Countries whose English is written day first (11/03/2026 is 11 March), by the page's address's top-level domain
DAY_FIRST_DOMAINS = frozenset("uk ie au nz in za sg pk ng ke gh lk bd my mt".split())


def page_order(found: list[FoundDate], language: str | None, url: str = "") -> str:
    """How to read the page's ambiguous numeric dates (05/06/2019), given every date found on it.

    Unambiguous numeric dates on the page decide (19/11/2019 is day first); failing those, on an English page
    (written both ways round) the reading that lies nearer the dates written with month names on the page;
    failing that, on an English page of a country that writes the day first (a `.co.uk`, `.com.au`, `.in` address:
    `DAY_FIRST_DOMAINS`), day first; else the language's custom.
    """
    votes = {"DMY": 0, "MDY": 0}
    named: list[date] = []
    swappable: list[FoundDate] = []
    for item in found:
        if item.order_hint:
            votes[item.order_hint] += 1
        elif item.swappable:
            swappable.append(item)
        elif re.search(r"[^\W\d_]{3,}", item.text):
            named.append(item.day)
    if votes["DMY"] != votes["MDY"]:
        return max(votes, key=votes.get)
    # English is written both ways round (US and elsewhere); other languages keep to their own custom.
    if named and swappable and date_order(language) == "MDY":
        anchor = sorted(named)[len(named) // 2]
        for item in swappable:
            swapped = _swapped(item.day)     # found dates are read day first unless told otherwise
            as_read, other = abs((item.day - anchor).days), abs((swapped - anchor).days)
            if as_read != other:
                votes["DMY" if as_read < other else "MDY"] += 1
        if votes["DMY"] != votes["MDY"]:
            return max(votes, key=votes.get)
    if date_order(language) == "MDY" and (urlsplit(url).hostname or "").rpartition(".")[2] in DAY_FIRST_DOMAINS:
        return "DMY"
    return date_order(language)


def _swapped(day: date) -> date:
    return date(day.year, day.day, day.month)


MAX_DATES_PER_LINE = 20


NOTICE_CHARS = 400   # a notice to the reader that dates itself is a line or two (a paragraph's dates are read)


def date_candidates(texts: list[str], language: str | None, url: str = "") -> list[DateCandidate]:
    """Every date on the page's lines, read in the page's order, with what the words before it say about it; none of
    a notice addressed to the reader (`consent.is_consent`: "Use of this site constitutes acceptance of our User
    Agreement (effective 1/2/14)" dates the agreement, on every page of the site)."""
    per_line = [(index, find_dates(text, language)) for index, text in enumerate(texts)
                if _DIGIT.search(text) and not (len(text) <= NOTICE_CHARS and is_consent(text))]
    order = page_order([item for _, found in per_line for item in found], language, url)
    out = []
    for index, found in per_line:
        if not found:
            continue
        # A line holding more dates is a table or a list of events: its later dates are no likelier to be the
        # publication date than its first, and scoring each one reads the whole line again.
        found = found[:MAX_DATES_PER_LINE]
        text = texts[index]
        previous_end = 0
        above = texts[index - 1] if index else ""
        above_says = above if len(above) <= 40 else ""
        for item in found:
            if item.swappable and order == "MDY":
                item = FoundDate(_swapped(item.day), item.clock, item.zone, item.start, item.end, item.text,
                                 item.order_hint, item.swappable)
            before = text[previous_end:item.start]
            if previous_end == 0:
                before = above_says + " " + before
            out.append(DateCandidate(item, index, bool(UPDATED_WORDS.search(before)),
                                     bool(PUBLISHED_WORDS.search(before))))
            previous_end = item.end
    return out


def date_features(candidates: list[DateCandidate], texts: list[str], title: int, start: int, end: int,
                  probabilities: list[float], caption_lines: set[int]) -> list[list[float]]:
    """One row of `DATE_FEATURES` per candidate."""
    lines_with_dates: dict[int, int] = {}
    for c in candidates:
        lines_with_dates[c.line] = lines_with_dates.get(c.line, 0) + 1
    after_title = [c for c in candidates if c.line >= title]
    rank = {id(c): k for k, c in enumerate(after_title)}
    header_end = max(start, title + 1) + 1       # the header: from the headline to just inside the article
    out = []
    for c in candidates:
        text = texts[c.line]
        found = c.found
        rest = (text[:found.start] + " " + text[found.end:]).strip()
        rest_words = len(re.findall(r"[^\W\d_]{2,}", rest))
        words = len(text.split())
        nearby = sum(1 for j in range(c.line - 3, c.line + 4) if j != c.line and j in lines_with_dates)
        title_distance = c.line - title
        start_distance = c.line - start
        out.append([
            math.copysign(math.log1p(abs(title_distance)), title_distance),
            math.copysign(math.log1p(abs(start_distance)), start_distance),
            1.0 if start <= c.line < end else 0.0,
            1.0 if c.line >= end else 0.0,
            1.0 if c.line < title else 0.0,
            1.0 if c.line < 2 and title - c.line > 2 else 0.0,
            1.0 if rest_words <= 3 else 0.0,
            math.log1p(words),
            1.0 if found.clock is not None else 0.0,
            float(c.published),
            float(c.updated),
            float(nearby),
            probabilities[c.line] if c.line < len(probabilities) else 0.0,
            1.0 if c.line in caption_lines else 0.0,
            1.0 if after_title and after_title[0] is c else 0.0,
            float(min(rank.get(id(c), 20), 20)),
            1.0 if title <= c.line <= header_end else 0.0,
            1.0 if words >= 12 and _SENTENCE_END.search(text.rstrip()) else 0.0,
        ])
    return out


# -- the chooser ----------------------------------------------------------------------------------

def choose_date(page: Page, lines: list[Line], title: int, body: Body, probabilities: list[float],
                captions: list[str], model: LineModel, latest: date | None = None, url: str = ""
                ) -> tuple[date | datetime | None, str]:
    """The best-scoring date printed on the page (at `url`, where known); else inferred from dated captions and
    weekdays. No date after `latest` (see `latest_publication_day`) is taken."""
    texts = [l.text for l in page.lines]
    if model.date is not None:
        caption_at = {l.index for l in lines if l.caption}
        candidates = publication_candidates(texts, page.language, caption_at, title, latest, url)
        if candidates:
            X = date_features(candidates, texts, title, body.start, body.end, probabilities, caption_at)
            best = best_date([model.date.log_odds(x) for x in X])
            if best is not None:
                return _with_time_below(candidates[_published_beside(candidates, best, texts)], texts), ""
    return _infer_date(lines, body, captions, page.language, latest)


def _published_beside(candidates: list[DateCandidate], best: int, texts: list[str]) -> int:
    """`best`, unless it is a date the page says it was updated on and a date its own line says it was published
    on stands within `NEAR_LINES` lines of it ("Updated March 9, 2026" above "Published March 8, 2026"): that one.
    (A candidate's `updated` also reads a short line above it, which here is the "Updated" line.)"""
    chosen = candidates[best]
    if not chosen.updated or chosen.published:
        return best

    def says_published(c: DateCandidate) -> bool:
        before = texts[c.line][:c.found.start]
        if not before.strip(" \t:|-–—·•"):   # the label is a line of its own above the date: the candidate read it
            return c.published and not c.updated
        # (the words since the line's date before it: "Updated: 13 May 2026 09:12 Published: 12 May 2026 16:40")
        before = before[max((o.found.end for o in candidates if o.line == c.line and o.found.end <= c.found.start),
                            default=0):]
        return bool(PUBLISHED_WORDS.search(before)) and not UPDATED_WORDS.search(before)

    near = [k for k, c in enumerate(candidates)
            if k != best and abs(c.line - chosen.line) <= NEAR_LINES and says_published(c)]
    return min(near, key=lambda k: (abs(candidates[k].line - chosen.line), k)) if near else best


NEAR_LINES = 3


def latest_publication_day(captured: date | datetime | None = None) -> date:
    """The last day a page captured at `captured` (default: now) can have been published on.

    A page cannot report its own publication after it was saved, so a later date on it is something else: an
    event it announces, a deadline, a version number read as a date ("Linux 2.6.29"). The day after the capture
    day is still allowed, as the page's own time zone may be a day ahead of the capture's.
    """
    if captured is None:
        captured = datetime.now(timezone.utc)
    day = captured.date() if isinstance(captured, datetime) else captured
    return day + timedelta(days=1)


def best_date(scores: list[float]) -> int | None:
    """The index of the best-scoring candidate (the first of equals), or None when even it scores too low."""
    if not scores:
        return None
    best = max(range(len(scores)), key=lambda k: (scores[k], -k))
    return best if scores[best] >= MIN_DATE_SCORE else None


def publication_candidates(texts: list[str], language: str, caption_at: set[int], title: int,
                           latest: date | None = None, url: str = "") -> list[DateCandidate]:
    """The dates that may be the publication date: all but the "today" banner, the stamps of photo captions and
    (given `latest`, see `latest_publication_day`) dates after the page was captured."""
    return [c for c in date_candidates(texts, language, url)
            if not _is_banner(c.line, title) and not (c.line in caption_at and _photo_stamp(texts[c.line], c))
            and (latest is None or c.found.day <= latest)]


def _photo_stamp(text: str, candidate: DateCandidate) -> bool:
    """A date inside a photo caption ("... at Incheon airport 2026.1.31 / News1"), not a dateline with a credit."""
    return len(text.split()) > 12 or bool(re.fullmatch(r"\d{4}\.\d{1,2}\.\d{1,2}\.?", candidate.found.text.strip()))


def _is_banner(line: int, title: int) -> bool:
    """A date in the page's first two lines, well above the headline: the site's "today" banner."""
    return line < 2 and title - line > 2


def _with_time_below(candidate: DateCandidate, texts: list[str]) -> date | datetime:
    """A date whose time is printed alone on the next line ("• 29 January, 2026" / "• 15:08")."""
    found = candidate.found
    if found.clock is None and candidate.line + 1 < len(texts) and rules.is_time_line(texts[candidate.line + 1]):
        match = re.search(r"([0-2]?\d)[:.]([0-5]\d)\s*([ap]\.?m\.?)?", texts[candidate.line + 1], re.IGNORECASE)
        if match:
            hour, minute = int(match.group(1)), int(match.group(2))
            ampm = (match.group(3) or "").lower().replace(".", "")
            hour = hour + 12 if ampm == "pm" and hour < 12 else 0 if ampm == "am" and hour == 12 else hour
            if hour < 24:
                return datetime.combine(found.day, time(hour, minute))
    return found.value()


def _infer_date(lines: list[Line], body: Body, captions: list[str], language: str, latest: date | None = None
                ) -> tuple[date | datetime | None, str]:
    """No date stated: infer one from dated photo captions and weekdays, else the banner at the top.

    A photo is taken before the story is published, so the latest caption stamp is a lower bound; the
    first weekday the text names ("will depart on Tuesday") is taken as the first such day on or after it.
    A date line at the very top of the page is usually the site's "today" banner (the day it was scraped),
    so it is only an upper bound, and the fallback of last resort.
    """
    banner = _banner_date(lines, language)
    if banner is not None and latest is not None and banner > latest:
        banner = None
    stamps = [(item.day, item.text.strip()) for caption in captions for item in find_dates(caption)
              if re.fullmatch(r"\d{4}\.\d{1,2}\.\d{1,2}\.?", item.text.strip())
              and (latest is None or item.day <= latest)]
    if stamps:
        lower, stamp = max(stamps)
        named = weekdays_in(body.prose)
        if named:
            guess = next_weekday(lower, named[0])
            if banner is None or guess <= banner:
                day_name = guess.strftime("%A")
                return guess, f"photo caption dated {stamp} and '{day_name}' in the text"
        return lower, f"photo caption dated {stamp}"
    if banner is not None:
        return banner, "date line at the top of the page (may be the day the page was saved)"
    return None, ""


def _banner_date(lines: list[Line], language: str) -> date | None:
    for line in lines[:2]:
        if is_date_line(line.text, language):
            return find_dates(line.text, language)[0].day
    return None


# A full date in a page's address: "/2024/04/25/", "/2024-04/25/", "/2024-04-25-", "_20240425." (year, month, day),
# also after a publishing system's letters ("/cnt/dmf20250202_96887132", "/art20240425.html").
# After a slash, a number followed by a hyphen starts the slug ("/2023/10/3-questions-for-...", "/10-things-..."):
# in the folder form the day is a folder of its own, or the file name.
# An article's number that starts with its day and goes on with the time or a serial ("/A2026012914320005196",
# "-20241202105634-nt.html", "/201911181077343476-royal-visit") ends the path or runs into its slug or extension; a
# folder of digits alone ("/web/20130307194448/", an archive's capture time) names no publication day.
_URL_DATES = (re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})/(\d{1,2})(?=[/.]|$)"),
              re.compile(r"[/_-]((?:19|20)\d\d)([_-])(\d{1,2})\2(\d{1,2})(?=[/_.-]|$)"),
              re.compile(r"[/_-](?:[a-z]{1,4})?((?:19|20)\d\d)(\d\d)(\d\d)(?=[/_.-]|$)"),
              re.compile(r"[/_-](?:[A-Za-z]{1,4})?((?:19|20)\d\d)(\d\d)(\d\d)\d{4,14}(?=[.-]|$)"))


def date_in_url(url: str) -> date | None:
    """The day a page's address names in its path ("https://x.com/2024/04/25/story"), or None."""
    if not url:
        return None
    path = urlsplit(url).path
    for pattern in _URL_DATES:
        for match in pattern.finditer(path):
            try:
                return date(*(int(part) for part in match.groups() if part.isdigit()))
            except ValueError:
                continue
    return None


_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])/")


def swapped_to_url_month(published: date | datetime, url: str, language: str) -> date | datetime:
    """A date read day first on a page whose language writes the month first, set right by the page's address:
    "10/04/2016" read as 10 April on an English page under /2016/10/ is 4 October. Any other date stays as it
    is (a German page's 10.11.2021 under /2021/10/ is 10 November: a folder is not always the page's month)."""
    primary, _, region = language.lower().partition("-")
    if not (primary == "en" and region in ("", "us") or date_order(language) == "MDY"):   # (en-GB: day first)
        return published
    match = _URL_MONTH.search(urlsplit(url).path) if url else None
    if match is None or (published.year, published.month) == (int(match[1]), int(match[2])):
        return published
    if (published.year, published.day) == (int(match[1]), int(match[2])):
        return published.replace(month=published.day, day=published.month)   # (a month is a day of every month)
    return published


def with_url_date(published: date | datetime | None, inferred: str, url: str, latest: date | None = None
                  ) -> tuple[date | datetime | None, str]:
    """The publication date given the page's address: an address that names a day says when the page was first
    published, so that day wins over a different one read from the text (which may be an update, a teaser's or a
    caption's date); a date and time read on that same day is kept as it is. A day after `latest` is no
    publication day (see `latest_publication_day`)."""
    day = date_in_url(url)
    if day is None or (latest is not None and day > latest):
        return published, inferred
    found = published.date() if isinstance(published, datetime) else published
    if found == day and not inferred:
        return published, inferred
    return day, "the date in the page's URL"

