#!/usr/bin/env python3
"""Generate a synthetic news corpus in newsdigest's content format, for benchmarks.

    python benchmarks/generate_corpus.py --count 10000 --out /tmp/corpus-10k [--seed 1] [--hugo-out DIR]

writes

    OUT/config.yaml                  topics with keyword rules matching the corpus; themes_dir -> this repo's themes/
    OUT/content/YYYY/MM/<slug>.md    COUNT articles
    OUT/.corpus.json                 what was generated (seed, count); lets a later run replace this folder

The corpus is deterministic: one seeded `random.Random` drives every choice, so the same seed and count
give a byte-identical folder (config.yaml holds the absolute themes path, so "identical" means on the same
checkout). No external data: every word comes from the vocabulary below.

What it looks like:
- two years of news (2024-01-01 .. 2025-12-31), several articles a day at 10k, local times in the
  source's own UTC offset (a few articles carry a bare date);
- 300-1200-word bodies with `##` headings, links, bulleted lists, blockquotes and some emphasis;
- 10 topics, each with keyword rules in config.yaml; about 14% of articles name `topics:` in front matter,
  and a few mention no topic keyword at all (they land in the fallback topic);
- 40 sources with their own domains, authors and time zones, used with a skewed frequency;
- about 400 tags (393 at 1k, 415 at 10k) used with a Zipf-like skew: the top tag is on ~28% of articles,
  the median tag on ~0.4% of them.

`--hugo-out DIR` also writes the same articles as a Hugo content tree (see benchmarks/hugo_site/README.md):
front matter gains `slug`, `sources: [name]`, `days`, `months`, `years`, month-scoped keys for related
articles and the topics newsdigest assigns (`url` is renamed `original_url`),
so Hugo builds the equivalent pages without keyword rules of its own.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import re
import shutil
import sys
import time
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from random import Random

REPO = Path(__file__).resolve().parents[1]
GENERATOR_VERSION = 3
START = datetime(2024, 1, 1, tzinfo=timezone.utc)
SPAN_DAYS = 731  # 2024 is a leap year: 2024-01-01 .. 2025-12-31
MAX_DAYS = 45_000          # --days: from 1902 (front matter takes years 1900-2199)
SHORT_WORDS = (60, 150)   # --short: a body's words (a scale run's million articles fit in memory and on disk)
MARKER = ".corpus.json"

# --------------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------------

FILLER = """
the a an of in on at for with from by to and or but as after before while during against between across
over under about around into through toward without within since until among per than also still only
officials government ministry agency office committee council lawmakers parliament assembly cabinet
president prime minister spokesperson analysts experts residents workers companies firms groups
city region province capital country nation state district county village neighbourhood port border
said told added noted warned argued insisted suggested confirmed denied announced reported expected
planned proposed approved rejected delayed reviewed discussed considered launched opened closed
week month year day morning evening weekend quarter season decade period deadline schedule timeline
new old major minor first second third last next recent early late final initial further
public private local national regional international global foreign domestic federal central
plan proposal measure bill law rule policy programme project effort initiative review report study
statement interview briefing meeting hearing session conference visit trip tour call letter
increase decrease rise fall drop jump gain loss change shift move step push pull turn return
support opposition pressure concern criticism praise debate dispute question answer response request
people families children students teachers drivers farmers owners buyers sellers voters citizens
number share rate level amount figure total percent majority minority half third portion record
high low strong weak large small long short wide narrow clear open firm steady broad modest sharp
data survey poll estimate forecast outlook result outcome impact effect risk cost price fee budget
road bridge rail station airport school library park square street building site area zone network
would could should might must will can may did does was were has had have been being is are
this that these those its their his her our some many several most few each every other another
more less much very quite rather nearly almost roughly about just even already soon later again
according because although however meanwhile instead therefore likewise otherwise moreover
decision approach process system structure framework standard practice method model version
leader chief head director manager member partner official adviser candidate veteran observer
""".split()

FIRST_NAMES = """Ana Ben Carla David Elena Farid Grace Hiroshi Isabel Jun Kemal Laura Min-jun Nadia Omar Priya
Quentin Rosa Samuel Tae-yang Uma Viktor Wen Ximena Yusuf Zoe Amara Bruno Chloé Dmitri Esther Felipe Greta Hana
Ibrahim Jonas Keiko Luis Marta Nikolai Olga Pablo Rania Sofia Tomás Ulrich Valeria Wei Yara Zeynep Adrien Bianca
Cyrus Daniela Emil Fatima Gustavo Helga Ji-woo Kwame""".split()
LAST_NAMES = """Kim Lee Park Choi Tanaka Sato Müller Schmidt Rossi García Martínez López Novak Kowalski Ivanova
Okafor Mensah Haddad Nasser Patel Sharma Chen Wang Liu Nguyen Tran Silva Costa Santos Andersen Larsen Nieminen
Dubois Moreau Bernard Fischer Weber Jansen de Vries Horvat Kaya Demir Yilmaz Ahmed Hassan Rahman Osei Ito Yamamoto
Suzuki Jung Kang Cho Yoon Lim Han O'Brien Murphy Walsh""".split()

PLACES = """Seoul, Busan, Incheon, Tokyo, Osaka, Beijing, Shanghai, Taipei, Manila, Jakarta, Hanoi, Bangkok,
Singapore, Delhi, Mumbai, Karachi, Dubai, Riyadh, Cairo, Nairobi, Lagos, Accra, Johannesburg, Istanbul, Athens,
Rome, Madrid, Lisbon, Paris, Brussels, Amsterdam, Berlin, Warsaw, Prague, Vienna, Stockholm, Oslo, Helsinki,
London, Dublin, Reykjavik, Ottawa, Toronto, Washington, Chicago, Houston, Denver, Seattle, Mexico City, Bogotá,
Lima, Santiago, Buenos Aires, São Paulo, Sydney, Melbourne, Auckland, Geneva,
Vancouver""".replace("\n", " ").split(", ")

ORGANISATIONS = ["United Nations", "World Bank", "IMF", "WTO", "European Commission", "G20", "ASEAN", "OECD",
                 "Red Cross", "WHO", "NATO", "African Union", "Bank of Korea", "Federal Reserve",
                 "European Central Bank", "Supreme Court", "Constitutional Court", "National Assembly",
                 "Senate", "Congress", "Labour Party", "Green Party", "Chamber of Commerce", "Port Authority",
                 "Transport Ministry", "Finance Ministry", "Foreign Ministry", "Health Ministry",
                 "Energy Agency", "Space Agency", "Statistics Office", "Election Commission",
                 "Competition Authority", "Coast Guard", "Meteorological Agency", "Teachers' Union",
                 "Farmers' Union", "Automakers Association", "Shipbuilders Group", "Tech Alliance"]

SOURCE_PREFIXES = ["Seoul", "Pacific", "Harbor", "Capital", "Metro", "Northern", "Coastal", "Continental",
                   "Evening", "Morning", "Global", "Eastern", "Western", "Central", "Island", "Valley",
                   "Summit", "Bridge", "Lantern", "Compass"]
SOURCE_NOUNS = ["Wire", "Ledger", "Herald", "Times", "Post", "Dispatch", "Review", "Tribune", "Observer",
                "Journal", "Gazette", "Chronicle", "Courier", "Monitor", "Bulletin", "Report"]
OFFSETS = ["+09:00", "+09:00", "+08:00", "+00:00", "+01:00", "+02:00", "-05:00", "-08:00", "+05:30", "+10:00"]

VERBS = ["weighs", "backs", "rejects", "eyes", "delays", "pushes for", "warns over", "signals", "unveils",
         "questions", "defends", "seeks", "plans", "scraps", "revives", "doubles down on", "rethinks",
         "moves ahead with", "pauses", "welcomes", "criticises", "studies", "pledges", "tightens", "eases"]
TAILS = ["", "", "", " amid {filler} concerns", " ahead of {month} deadline", " after {filler} talks stall",
         " as {place} watches", " despite {filler} pressure", " in {place}", " for {year}", " before {month} vote",
         " after {person} visit", " as costs climb", " under new rules", " in surprise move", " at last minute",
         " as critics object", " with {place} backing", " in {month}", " after weeks of delay"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
CATEGORIES = {"trade": "Business", "diplomacy": "World", "economy": "Business", "energy": "Business",
              "technology": "Tech", "defense": "Politics", "climate": "Environment", "health": "Health",
              "culture": "Culture", "sports": "Sports", "general": "News"}


@dataclass(frozen=True)
class TopicSpec:
    slug: str
    title: str
    description: str
    keywords: dict[str, int]
    phrases: list[str]          # body phrases that mention the topic's keywords
    objects: list[str]          # title objects
    tags: list[str]             # topical tags
    threshold: int | None = None


TOPICS = [
    TopicSpec("trade", "Trade & tariffs", "Tariffs, trade talks and export rules.",
              {"tariff*": 3, "trade deal": 3, "trade talks": 3, "trade minister": 2, "customs": 2, "quota*": 2,
               "export*": 1, "import*": 1},
              ["new tariffs on steel", "the proposed trade deal", "a fresh round of trade talks", "car exports",
               "import quotas on rice", "customs checks at the port", "the trade minister", "retaliatory tariffs",
               "export licences for chips", "a tariff exemption"],
              ["tariffs on steel imports", "a trade deal with {place}", "new export controls", "rice import quotas",
               "customs reform", "tariff relief for carmakers", "trade talks with {place}"],
              ["tariffs", "trade deal", "exports", "customs", "steel", "rice", "WTO", "supply chains"]),
    TopicSpec("diplomacy", "Diplomacy", "Summits, envoys and alliances.",
              {"summit": 3, "foreign minister*": 3, "diplomat*": 2, "embass*": 2, "alliance": 2, "treaty": 2,
               "bilateral": 1, "envoy*": 2},
              ["the leaders' summit", "the foreign minister", "senior diplomats", "the embassy in the capital",
               "the decades-old alliance", "a draft treaty", "bilateral ties", "a special envoy"],
              ["a summit with {place}", "a new treaty", "an envoy to {place}", "embassy security",
               "the alliance with {place}", "foreign ministers' talks"],
              ["summit", "alliance", "embassies", "treaty", "envoys", "United Nations", "G20", "ASEAN"]),
    TopicSpec("economy", "Economy", "Growth, prices, rates and jobs.",
              {"economy": 3, "economic": 2, "inflation": 3, "interest rate*": 3, "central bank": 3, "GDP": 3,
               "recession": 3, "jobs": 1},
              ["the slowing economy", "stubborn inflation", "higher interest rates", "the central bank",
               "second-quarter GDP", "fears of a recession", "new jobs figures", "economic growth"],
              ["an interest rate cut", "inflation targets", "a recession warning", "GDP forecasts",
               "central bank independence", "jobs data", "economic stimulus"],
              ["inflation", "interest rates", "GDP", "jobs", "recession", "Federal Reserve", "Bank of Korea",
               "housing"], threshold=5),
    TopicSpec("energy", "Energy", "Oil, gas, power grids and nuclear fuel.",
              {"energy": 2, "natural gas": 3, "LNG": 3, "uranium": 3, "power grid": 3, "oil": 2, "pipeline*": 2,
               "solar": 2},
              ["energy prices", "natural gas supplies", "LNG shipments", "uranium enrichment", "the power grid",
               "crude oil", "a new pipeline", "rooftop solar panels"],
              ["an LNG terminal", "oil output", "a gas pipeline", "uranium supply deals", "power grid upgrades",
               "solar subsidies", "energy price caps"],
              ["LNG", "oil", "natural gas", "uranium", "pipelines", "solar", "power grid", "Energy Agency"]),
    TopicSpec("technology", "Technology", "AI, chips, software and start-ups.",
              {"AI": 3, "artificial intelligence": 3, "data center*": 3, "semiconductor*": 3, "chip*": 2,
               "software": 2, "startup*": 2},
              ["AI models", "artificial intelligence rules", "a new data center", "semiconductor output",
               "memory chips", "open-source software", "local startups"],
              ["AI rules", "a chip plant in {place}", "data center power use", "semiconductor subsidies",
               "startup funding", "software export rules"],
              ["AI", "semiconductors", "chips", "data centers", "startups", "software", "Tech Alliance",
               "cloud"]),
    TopicSpec("defense", "Defense & security", "Militaries, missiles, drills and deterrence.",
              {"defense": 3, "military": 3, "submarine*": 3, "missile*": 3, "troops": 2, "navy": 2, "drill*": 1},
              ["the defense ministry", "joint military drills", "a nuclear-powered submarine", "missile launches",
               "troops stationed abroad", "the navy's new frigates", "live-fire drills"],
              ["missile defense", "a submarine deal", "troop levels", "military drills near {place}",
               "navy shipbuilding", "defense spending"],
              ["missiles", "submarines", "troops", "navy", "NATO", "Coast Guard", "military drills",
               "defense budget"]),
    TopicSpec("climate", "Climate", "Emissions, extreme weather and the energy transition.",
              {"climate": 3, "emission*": 3, "carbon tax": 3, "heatwave*": 3, "flood*": 2, "wildfire*": 3,
               "renewable*": 2},
              ["climate targets", "carbon emissions", "a proposed carbon tax", "the record heatwave",
               "flood defences", "wildfire season", "renewable power"],
              ["a carbon tax", "emission cuts", "flood relief", "wildfire funding", "climate targets",
               "heatwave warnings", "renewable quotas"],
              ["climate", "emissions", "carbon tax", "heatwaves", "floods", "wildfires", "renewables",
               "Meteorological Agency"]),
    TopicSpec("health", "Health", "Hospitals, doctors, vaccines and public health.",
              {"health": 2, "public health": 3, "hospital*": 3, "vaccine*": 3, "outbreak*": 3, "doctors": 2,
               "patients": 2},
              ["public health officials", "crowded hospitals", "a new vaccine", "the measles outbreak",
               "striking doctors", "patients on waiting lists", "health insurance"],
              ["a vaccine drive", "hospital funding", "an outbreak response", "doctors' pay",
               "public health rules", "patient waiting times"],
              ["public health", "hospitals", "vaccines", "outbreaks", "doctors", "WHO", "Health Ministry",
               "nursing"]),
    TopicSpec("culture", "Culture", "Music, film, books and museums.",
              {"K-pop": 4, "album*": 3, "concert*": 2, "film festival": 3, "museum*": 2, "novel*": 2,
               "box office": 3},
              ["a K-pop group", "the new album", "a sold-out concert", "the film festival", "the national museum",
               "a debut novel", "box office takings"],
              ["a K-pop world tour", "a museum reopening", "film festival line-ups", "album sales",
               "concert ticket rules", "a novel prize"],
              ["K-pop", "albums", "concerts", "film festival", "museums", "novels", "box office", "streaming"]),
    TopicSpec("sports", "Sports", "Leagues, tournaments and the Olympics.",
              {"football": 3, "Olympic*": 3, "league": 2, "championship*": 3, "coach": 2, "tournament*": 3,
               "stadium*": 2},
              ["the football federation", "the Olympic team", "the domestic league", "the world championship",
               "the national coach", "a regional tournament", "a new stadium"],
              ["an Olympic bid", "a new football coach", "stadium funding", "league reform",
               "championship hosting rights", "tournament tickets"],
              ["football", "Olympics", "league", "championships", "coaches", "tournaments", "stadiums",
               "athletics"]),
]
FALLBACK = ("general", "General", "Stories that fit no other topic.")
GENERAL_OBJECTS = ["a new bus timetable", "road repairs", "library hours", "a parking plan", "park renovations",
                   "a street festival", "school meal prices", "bridge maintenance", "a local census",
                   "ferry schedules"]
MISC_TAGS = ["elections", "courts", "housing", "transport", "education", "labour", "pensions", "tourism",
             "agriculture", "fisheries", "aviation", "shipping", "railways", "ports", "taxes", "budget",
             "census", "migration", "human rights", "press freedom", "corruption", "protests", "strikes",
             "earthquakes", "typhoons", "water supply", "broadband", "space", "science", "universities"]


def _keyword_regex(keywords) -> re.Pattern:
    parts = []
    for keyword in keywords:
        words = keyword.rstrip("*").split()
        part = r"\s+".join(re.escape(w) for w in words)
        parts.append(part + (r"\w*" if keyword.endswith("*") else ""))
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


ALL_KEYWORDS = _keyword_regex(k for t in TOPICS for k in t.keywords)
# Filler must never trigger a topic rule, or "general" articles would not stay general.
FILLER = [w for w in dict.fromkeys(FILLER) if not ALL_KEYWORDS.search(w)]


def slugify(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    if len(slug) > 80:
        slug = slug[:80].rsplit("-", 1)[0]
    return slug


def yaml_str(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML; non-ASCII stays readable)."""
    return json.dumps(text, ensure_ascii=False)


def zipf_cum_weights(count: int, exponent: float) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank ** exponent) for rank in range(1, count + 1)))


# --------------------------------------------------------------------------------------------------
# The world: people, sources, tags (all drawn from the seed)
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    name: str
    domain: str
    offset: str
    authors: tuple[str, ...]


class World:
    def __init__(self, rng: Random):
        pairs = [f"{f} {l}" for f in FIRST_NAMES for l in LAST_NAMES]
        self.people = rng.sample(pairs, 260)
        names = [f"{p} {n}" for p in SOURCE_PREFIXES for n in SOURCE_NOUNS]
        self.sources = []
        for name in rng.sample(names, 40):
            authors = tuple(rng.sample(pairs, rng.randint(3, 8)))
            self.sources.append(Source(name, slugify(name) + ".example", rng.choice(OFFSETS), authors))
        self.source_weights = zipf_cum_weights(len(self.sources), 0.8)
        tags = [*self.people[:220], *PLACES, *ORGANISATIONS, *MISC_TAGS,
                *(tag for topic in TOPICS for tag in topic.tags)]
        tags = list(dict.fromkeys(tags))
        rng.shuffle(tags)
        self.tags = tags
        self.tag_weights = zipf_cum_weights(len(tags), 0.9)
        self.topic_weights = list(itertools.accumulate([14, 12, 12, 9, 11, 10, 8, 8, 9, 7]))


# --------------------------------------------------------------------------------------------------
# One article
# --------------------------------------------------------------------------------------------------

@dataclass
class GeneratedArticle:
    path: str                   # relative to content/, e.g. 2024/05/slug.md
    slug: str
    title: str
    date_text: str
    day: date
    source: Source
    tags: list[str]
    topics_explicit: list[str]
    intended_topics: list[str]
    summary: str
    lede: str
    body: str                   # Markdown after the front matter, starting with the lede
    front_matter: list[tuple[str, str]]  # (key, YAML value text), in file order

    def file_text(self, front_matter: list[tuple[str, str]] | None = None) -> str:
        lines = "".join(f"{key}: {value}\n" for key, value in (front_matter or self.front_matter))
        return f"---\n{lines}---\n\n{self.body}"


class ArticleWriter:
    def __init__(self, rng: Random, world: World, words: tuple[int, int] = (300, 1200)):
        self.rng = rng
        self.world = world
        self.words = words     # the range of a body's length in words
        self.slugs: set[str] = set()

    # -- words --------------------------------------------------------------------------------------

    def sentence(self, phrase: str | None = None, low: int = 9, high: int = 22, link_to: str = "") -> str:
        rng = self.rng
        words = rng.choices(FILLER, k=rng.randint(low, high))
        if link_to:  # two or three filler words become a link
            at = rng.randint(1, len(words) - 3)
            span = " ".join(words[at:at + rng.randint(2, 3)])
            href = f"https://{link_to}/{slugify(span)}-{rng.randint(100, 99999)}"
            words[at:at + len(span.split())] = [f"[{span}]({href})"]
        if phrase:
            words.insert(rng.randint(1, len(words)), phrase)
        if rng.random() < 0.25:
            words.insert(rng.randint(1, len(words)), rng.choice(PLACES))
        if rng.random() < 0.2:
            words.insert(rng.randint(1, len(words)), str(rng.randint(2, 950)))
        if rng.random() < 0.08:
            at = rng.randint(1, len(words) - 1)
            if words[at].isalpha():
                words[at] = f"**{words[at]}**"
        if len(words) > 8 and rng.random() < 0.5:
            at = rng.randint(3, len(words) - 2)
            if words[at].isalpha():
                words[at] += ","
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, phrases: list[str], source: Source, links: bool = True) -> str:
        rng = self.rng
        count = rng.randint(2, 5)
        linked = rng.randrange(count) if links and rng.random() < 0.35 else -1
        sentences = []
        for index in range(count):
            phrase = rng.choice(phrases) if phrases and rng.random() < 0.45 else None
            link_to = ""
            if index == linked:
                link_to = source.domain if rng.random() < 0.6 else rng.choice(self.world.sources).domain
            sentences.append(self.sentence(phrase, link_to=link_to))
        return " ".join(sentences)

    def heading(self, phrases: list[str]) -> str:
        rng = self.rng
        words = rng.choices(FILLER, k=rng.randint(2, 4))
        if phrases and rng.random() < 0.4:
            words.append(rng.choice(phrases))
        text = " ".join(words)
        return text[0].upper() + text[1:]

    def bullet_list(self, phrases: list[str]) -> str:
        rng = self.rng
        items = []
        for _ in range(rng.randint(3, 6)):
            words = rng.choices(FILLER, k=rng.randint(4, 11))
            if phrases and rng.random() < 0.3:
                words.insert(rng.randint(0, len(words)), rng.choice(phrases))
            text = " ".join(words)
            items.append(f"- {text[0].upper()}{text[1:]}")
        return "\n".join(items)

    def quote(self, phrases: list[str]) -> str:
        rng = self.rng
        said = rng.choice(self.world.people)
        role = rng.choice(["a senior official", "an analyst", "a spokesperson", "a local resident", "a lawmaker",
                           "a former minister", "a union leader", "a researcher"])
        text = self.sentence(rng.choice(phrases) if phrases and rng.random() < 0.5 else None, 8, 18)
        lines = [f"> “{text}”", ">", f"> — {said}, {role}"]
        if rng.random() < 0.3:
            lines[1:1] = [">", "> " + self.sentence(None, 6, 14)]
        return "\n".join(lines)

    # -- the article --------------------------------------------------------------------------------

    def title(self, topic: TopicSpec | None, when: date) -> str:
        rng = self.rng
        subject = rng.choice([*PLACES, *ORGANISATIONS, *self.world.people[:120]]) if rng.random() < 0.8 else \
            rng.choice(self.world.people)
        obj = rng.choice(topic.objects if topic else GENERAL_OBJECTS)
        tail = rng.choice(TAILS)
        fill = {"place": rng.choice(PLACES), "filler": rng.choice(["budget", "safety", "cost", "legal", "public",
                                                                   "privacy", "staffing", "timing"]),
                "month": rng.choice(MONTHS), "year": str(when.year + rng.choice([0, 1])),
                "person": rng.choice(self.world.people)}
        text = f"{subject} {rng.choice(VERBS)} {obj.format(**fill)}{tail.format(**fill)}"
        if rng.random() < 0.06:
            text = f"{text}: {rng.choice(['what we know', 'explainer', 'live updates', 'analysis'])}"
        elif rng.random() < 0.05:
            text = f'{text}, calling it "{rng.choice(["overdue", "a mistake", "a start", "unfair"])}"'
        return text[0].upper() + text[1:]

    def make(self, moment: datetime) -> GeneratedArticle:
        rng = self.rng
        world = self.world
        source = world.sources[bisect.bisect_left(world.source_weights, rng.random() * world.source_weights[-1])]
        general = rng.random() < 0.06
        topic = None if general else TOPICS[bisect.bisect_left(world.topic_weights,
                                                                rng.random() * world.topic_weights[-1])]
        second = None
        if topic and rng.random() < 0.3:
            second = rng.choice([t for t in TOPICS if t is not topic])
        sign = 1 if source.offset[0] == "+" else -1
        offset = timedelta(hours=int(source.offset[1:3]), minutes=int(source.offset[4:6])) * sign
        local = (moment + offset).replace(tzinfo=None, second=0, microsecond=0)
        date_only = rng.random() < 0.03
        date_text = local.strftime("%Y-%m-%d") if date_only else local.strftime("%Y-%m-%dT%H:%M:00") + source.offset

        for attempt in range(20):
            title = self.title(topic, local.date())
            if attempt >= 10:
                title = f"{title} ({rng.randint(2, 9999)})"
            slug = slugify(title)
            if slug and slug not in self.slugs:
                break
        self.slugs.add(slug)

        phrases = [*(topic.phrases if topic else []), *(second.phrases if second and rng.random() < 0.7 else [])]
        target_words = rng.randint(*self.words)
        lede = self.paragraph(phrases[:3] if topic else [], source, links=False)
        blocks = [lede]
        words = len(lede.split())
        while words < target_words:
            block_kind = rng.random()
            if block_kind < 0.16:
                block = "## " + self.heading(phrases)
            elif block_kind < 0.24:
                block = self.bullet_list(phrases)
            elif block_kind < 0.30:
                block = self.quote(phrases)
            else:
                block = self.paragraph(phrases, source)
            blocks.append(block)
            words += len(block.split())
        body = "\n\n".join(blocks) + "\n"

        tags: list[str] = []
        seen: set[str] = set()
        if topic and rng.random() < 0.7:
            candidates = [rng.choice(topic.tags)]
        else:
            candidates = []
        candidates += rng.choices(world.tags, cum_weights=world.tag_weights, k=rng.randint(1, 5))
        for tag in candidates:
            if tag.casefold() not in seen:
                seen.add(tag.casefold())
                tags.append(tag)

        intended = [t.slug for t in (topic, second) if t] or [FALLBACK[0]]
        explicit = intended if topic and rng.random() < 0.15 else []
        summary = self.sentence(phrases[0] if phrases else None, 14, 30) if rng.random() < 0.5 else ""

        author = rng.choice(source.authors) if rng.random() < 0.9 else ""
        folder = f"{local.year:04d}/{local.month:02d}"
        url = f"https://{source.domain}/news/{local:%Y/%m/%d}/{slug}"
        front = [("title", yaml_str(title)), ("date", date_text), ("source", yaml_str(source.name)), ("url", url)]
        if author:
            front.append(("author", yaml_str(author)))
        front.append(("category", CATEGORIES[intended[0]]))
        if explicit:
            front.append(("topics", f"[{', '.join(explicit)}]"))
        front.append(("tags", "[" + ", ".join(yaml_str(t) for t in tags) + "]"))
        if summary:
            front.append(("summary", yaml_str(summary)))
        front.append(("lang", "en"))
        return GeneratedArticle(
            path=f"{folder}/{slug}.md", slug=slug, title=title, date_text=date_text, day=local.date(),
            source=source, tags=tags, topics_explicit=explicit, intended_topics=intended, summary=summary,
            lede=lede, body=body, front_matter=front)


def generate_articles(count: int, seed: int, days: int = SPAN_DAYS, short: bool = False):
    """Yield `count` articles, oldest first; the same seed and count always give the same articles. `days`: how
    many days they span, ending on 2025-12-31 (more days, fewer articles a day); `short`: bodies of
    SHORT_WORDS words instead of 300-1200."""
    rng = Random(f"newsdigest-corpus:{seed}")
    world = World(rng)
    writer = ArticleWriter(rng, world, SHORT_WORDS if short else (300, 1200))
    seconds = days * 86400
    start = START + timedelta(days=SPAN_DAYS - days)
    moments = sorted(rng.random() * seconds for _ in range(count))
    for offset in moments:
        yield writer.make(start + timedelta(seconds=int(offset)))


# --------------------------------------------------------------------------------------------------
# config.yaml
# --------------------------------------------------------------------------------------------------

def config_yaml(count: int, seed: int, themes_dir: Path) -> str:
    def flow(mapping: dict[str, int]) -> str:
        return "{" + ", ".join(f"{yaml_str(k)}: {v}" for k, v in mapping.items()) + "}"

    lines = [
        f"# Synthetic benchmark corpus: {count} articles, seed {seed}. Written by benchmarks/generate_corpus.py.",
        "title: Synthetic News Digest",
        "description: A generated two-year news archive for benchmarking newsdigest.",
        "base_url: http://127.0.0.1:8000/",
        "language: en",
        "timezone: UTC",
        "",
        "content_dir: content",
        "output_dir: output",
        f"themes_dir: {yaml_str(str(themes_dir))}",
        "theme: default",
        "",
        "home:",
        "  days_per_page: 5",
        "paginate: 20",
        "summary_length: 280",
        "feeds:",
        "  items: 20",
        "  content: full",
        "related:",
        "  count: 5",
        "  window_days: 14",
        "# Hugo builds no search index; benchmarks/run.py measures a build with search on separately.",
        "search:",
        "  enabled: false",
        "",
        "topic_threshold: 3",
        "max_topics: 3",
        "topics:",
    ]
    for topic in TOPICS:
        lines += [f"  - slug: {topic.slug}", f"    title: {yaml_str(topic.title)}",
                  f"    description: {yaml_str(topic.description)}"]
        if topic.threshold is not None:
            lines.append(f"    threshold: {topic.threshold}")
        lines.append(f"    keywords: {flow(topic.keywords)}")
    lines += ["fallback_topic:", f"  slug: {FALLBACK[0]}", f"  title: {FALLBACK[1]}",
              f"  description: {yaml_str(FALLBACK[2])}", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------------

def prepare_folder(folder: Path, what: str) -> None:
    """Make `folder` ready to receive a fresh corpus; only ever clears a folder this script wrote."""
    if folder.exists():
        if (folder / MARKER).is_file():
            shutil.rmtree(folder)
        elif any(folder.iterdir()):
            sys.exit(f"error: {folder} is not empty and holds no {MARKER}; refusing to overwrite it ({what})")
    folder.mkdir(parents=True, exist_ok=True)


def write_corpus(out: Path, count: int, seed: int = 1, themes_dir: Path | None = None,
                 hugo_out: Path | None = None, days: int = SPAN_DAYS, short: bool = False) -> dict:
    """Write the corpus (and optionally its Hugo twin); returns a small summary."""
    out = out.resolve()
    themes_dir = (themes_dir or REPO / "themes").resolve()
    prepare_folder(out, "corpus")
    config_path = out / "config.yaml"
    config_path.write_text(config_yaml(count, seed, themes_dir), encoding="utf-8")
    content = out / "content"
    made_dirs: set[Path] = set()
    articles = []
    total_bytes = 0
    for article in generate_articles(count, seed, days, short):
        target = content / article.path
        if target.parent not in made_dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            made_dirs.add(target.parent)
        data = article.file_text().encode("utf-8")
        target.write_bytes(data)
        total_bytes += len(data)
        if hugo_out is not None:
            articles.append(article)
    info = {"generator_version": GENERATOR_VERSION, "seed": seed, "count": count}
    info.update({"days": days} if days != SPAN_DAYS else {}, **({"short": True} if short else {}))
    (out / MARKER).write_text(json.dumps(info, sort_keys=True) + "\n", encoding="utf-8")
    if hugo_out is not None:
        write_hugo_content(hugo_out.resolve(), articles, config_path, info)
    return {**info, "bytes": total_bytes, "config": str(config_path)}


def write_hugo_content(folder: Path, articles: list[GeneratedArticle], config_path: Path, info: dict) -> None:
    """The same articles as a Hugo content tree (content/posts/YYYY/MM/<slug>.md).

    Hugo has no keyword rules, so each article carries the topics newsdigest itself assigns (computed with
    newsdigest's TopicMatcher when the engine is importable, else the generator's intended topics), plus
    `sources`, `days`, `months` and `years` taxonomies that stand in for newsdigest's source, day, month
    and year pages. `url` becomes `original_url`, since Hugo would take `url` as the page's own address.
    `related_topics` and `related_tags` ("trade@2024-05") let Hugo's `.Related` look only at the same month,
    as newsdigest looks only within `related.window_days`: Hugo's plain `.Related` over tags and topics
    compares every article with thousands of others (10k build: 182 s, against 32 s with no related at all).
    """
    assign = _topic_assigner(config_path)
    prepare_folder(folder, "hugo content")
    posts = folder / "posts"
    made_dirs: set[Path] = set()
    for article in articles:
        day = article.day
        # Hugo reads `url` as the page's own URL: the original article's link moves to `original_url`.
        front = [("original_url" if key == "url" else key, value) for key, value in article.front_matter
                 if key != "topics"]
        if len(article.date_text) == 10:  # a bare date: newsdigest reads it in the config's zone (UTC)
            front = [(key, f"{value}T00:00:00+00:00" if key == "date" else value) for key, value in front]
        topics = assign(article)
        month = f"{day:%Y-%m}"
        front += [("slug", article.slug), ("topics", f"[{', '.join(topics)}]"),
                  ("sources", f"[{yaml_str(article.source.name)}]"), ("days", f'["{day:%Y-%m-%d}"]'),
                  ("months", f'["{month}"]'), ("years", f'["{day:%Y}"]'),
                  # Keys for Hugo's .Related, scoped to the month like newsdigest's related window:
                  ("related_topics", "[" + ", ".join(yaml_str(f"{t}@{month}") for t in topics) + "]"),
                  ("related_tags", "[" + ", ".join(yaml_str(f"{t}@{month}") for t in article.tags) + "]")]
        data = article.file_text(front)
        target = posts / article.path
        if target.parent not in made_dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            made_dirs.add(target.parent)
        target.write_bytes(data.encode("utf-8"))
    (folder / MARKER).write_text(json.dumps({**info, "kind": "hugo"}, sort_keys=True) + "\n", encoding="utf-8")


def _topic_assigner(config_path: Path):
    try:
        from newsdigest.config import load_config
        from newsdigest.markup import truncate_words
        from newsdigest.topics import TopicMatcher

        config = load_config(config_path)
        matcher = TopicMatcher(config)
    except Exception as err:  # the engine is optional here: fall back to what the generator meant
        print(f"note: newsdigest topic rules unavailable ({err}); Hugo gets the generator's intended topics",
              file=sys.stderr)
        return lambda article: article.intended_topics

    def assign(article: GeneratedArticle) -> list[str]:
        lede = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", article.lede).replace("**", "")
        summary = article.summary or truncate_words(lede, config.summary_length)
        return list(matcher.assign(title=article.title, summary=summary, tags=article.tags, body=article.body,
                                   declared=article.topics_explicit))
    return assign


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", "-n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--out", "-o", type=Path, required=True, help="folder to write (config.yaml, content/)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--themes-dir", type=Path, help=f"themes folder for config.yaml (default {REPO / 'themes'})")
    parser.add_argument("--hugo-out", type=Path, help="also write the articles as a Hugo content folder here")
    parser.add_argument("--days", type=int, default=SPAN_DAYS,
                        help=f"days the articles span, ending 2025-12-31 (default {SPAN_DAYS}; a scale run keeps "
                             "the articles a day of a smaller corpus with more days)")
    parser.add_argument("--short", action="store_true",
                        help=f"bodies of {SHORT_WORDS[0]}-{SHORT_WORDS[1]} words instead of 300-1200")
    args = parser.parse_args(argv)
    if args.count < 1 or not 1 <= args.days <= MAX_DAYS:
        parser.error(f"--count must be at least 1, and --days 1 to {MAX_DAYS:,} (a build reads years from 1900)")
    started = time.perf_counter()
    summary = write_corpus(args.out, args.count, args.seed, args.themes_dir, args.hugo_out, args.days, args.short)
    print(f"Wrote {summary['count']} articles ({summary['bytes'] / 1e6:.1f} MB) to {args.out} "
          f"in {time.perf_counter() - started:.2f}s; config: {summary['config']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
