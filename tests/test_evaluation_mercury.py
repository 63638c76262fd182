"""Reading Postlight Parser's test files as data (`evaluation.build_mercury.read_test_file`): inline snippets only,
no repository, no browser."""

from __future__ import annotations

from evaluation.build_mercury import merge_cases, read_test_file

SINGLE_CASE = """
import assert from 'assert';
const fs = require('fs');

describe('NewsExampleExtractor', () => {
  describe('initial test case', () => {
    let result;
    let url;
    beforeAll(() => {
      url =
        'https://news.example/2016/09/20/ferry.html';
      const html = fs.readFileSync('./fixtures/news.example.html');
      result = Mercury.parse(url, { html, fallback: false });
    });

    it('returns the title', async () => {
      const { title } = await result;
      // assert.equal(title, 'a commented-out assertion');
      assert.equal(
        title,
        'Harbour ferry \\'resumes\\' service ' +
          "after the storm"
      );
    });

    it('returns the author', async () => {
      const { author } = await result;
      assert.equal(author, `Erin Vale and Tom Fisk`);
    });

    it('returns the date_published', async () => {
      const { date_published } = await result;
      assert.equal(date_published, '2016-09-19T11:46:01.000Z');
    });

    it('returns the dek', async () => {
      const { dek } = await result;
      assert.equal(dek, null);
    });

    it('returns the content', async () => {
      const { content } = await result;
      const $ = cheerio.load(content || '');
      const first13 = excerptContent($('*').first().text(), 13);
      assert.equal(first13, 'The harbour ferry carried two hundred passengers across the bay today, the');
    });
  });
});
"""

MULTI_CASE = """
describe('ExampleExtractor', () => {
  describe('initial test case', () => {
    let result;
    let url;
    beforeAll(() => {
      url = 'https://www.example.com/a.html';
      const html = fs.readFileSync('./fixtures/www.example.com.html');
      result = Mercury.parse(url, { html, fallback: false });
    });

    it('returns the title', async () => {
      const { title } = await result;
      assert.equal(title, 'First story');
    });

    it('returns the author', async () => {
      const { author } = await result;
      assert.equal(author, null);
    });

    it('returns the date_published', async () => {
      const { date_published } = await result;
      const new_date_published = moment(date_published).format().split('T')[0];
      assert.equal(new_date_published, '2016-12-12');
    });
  });

  it('works with a feature story', async () => {
    const html = fs.readFileSync('./fixtures/www.example.com--feature.html');
    const uri = `https://www.example.com/feature.html`;
    const { title, author } = await Mercury.parse(uri, { html });
    assert.equal(title, `I, Too, Sing America`);
    assert.equal(author, undefined);
  });
});
"""


def test_one_case_reads_strings_in_any_quotes_split_over_lines_and_joined_with_plus():
    read = read_test_file(SINGLE_CASE)
    assert read.problems == []
    (case,) = read.cases
    assert (case.fixture, case.url) == ("fixtures/news.example.html", "https://news.example/2016/09/20/ferry.html")
    assert case.truth == {
        "title": "Harbour ferry 'resumes' service after the storm",
        "author": "Erin Vale and Tom Fisk",
        "date_published": "2016-09-19T11:46:01.000Z",
        "first_words": "The harbour ferry carried two hundred passengers across the bay today, the"}
    assert case.skipped == []   # the dek is no field read, so its null is not counted


def test_every_fixture_read_is_a_case_and_null_or_reshaped_assertions_are_left_out():
    first, feature = read_test_file(MULTI_CASE).cases
    assert (first.fixture, first.url, first.truth) == (
        "fixtures/www.example.com.html", "https://www.example.com/a.html", {"title": "First story"})
    assert any("author asserted as `null`" in why for why in first.skipped)
    assert any(why.startswith("date_published asserted only as `new_date_published`") for why in first.skipped)
    assert (feature.fixture, feature.url, feature.truth) == (
        "fixtures/www.example.com--feature.html", "https://www.example.com/feature.html",
        {"title": "I, Too, Sing America"})
    assert feature.skipped == ["author asserted as `undefined`"]


def test_a_fixture_read_again_in_every_case_is_one_page_and_a_template_with_a_substitution_no_truth():
    source = """
    it('returns the title', async () => {
      const html = fs.readFileSync('./fixtures/mag.example.html');
      const articleUrl = 'http://mag.example/story';
      const { title } = await Mercury.parse(articleUrl, { html });
      assert.equal(title, `Story of ${name}`);
    });
    it('returns the author', async () => {
      const html = fs.readFileSync('./fixtures/mag.example.html');
      const articleUrl = 'http://mag.example/story';
      const { author } = await Mercury.parse(articleUrl, { html });
      assert.equal(author, 'Megan French');
    });
    """
    read = read_test_file(source)
    assert [case.truth for case in read.cases] == [{}, {"author": "Megan French"}]
    (page,), left_out = merge_cases(read.cases)
    assert (page.url, page.truth, left_out) == ("http://mag.example/story", {"author": "Megan French"}, {})
    assert page.skipped and "not a string literal" in page.skipped[0]


def test_a_file_that_does_not_tokenize_is_a_problem_not_a_crash():
    read = read_test_file("describe('x', () => { const a = 'unterminated\n; });")
    assert read.cases == [] and read.problems and "not read" in read.problems[0][1]


def test_meta_tags_stored_with_value_get_their_content_back():
    from evaluation.build_mercury import served_meta
    stored = ('<meta value="2019-04-19T20:00:00.000Z" name="article:published_time">'
              '<META data-hid="t" value="A headline" name="og:title">'
              '<meta name="kept" content="x" value="y"><meta data-value="q" name="z"><input value="form">'
              '<meta value="@site" name="twitter:site">')
    assert served_meta(stored) == (
        '<meta content="2019-04-19T20:00:00.000Z" property="article:published_time">'
        '<meta data-hid="t" content="A headline" property="og:title">'
        '<meta name="kept" content="x" value="y"><meta data-value="q" name="z"><input value="form">'
        '<meta content="@site" name="twitter:site">')
