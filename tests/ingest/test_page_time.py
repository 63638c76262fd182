"""The time limit on reading one page: a page no reader copes with fails alone, and the run goes on."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from newsdigest.cli import main
from newsdigest.ingest import pipeline
from newsdigest.ingest.page_time import PageTooSlow, limit_applies, within_time_limit

REPO_ROOT = Path(__file__).resolve().parents[2]
TEXT_PAGE = REPO_ROOT / "devset" / "caspian_bulletin_grain.raw.txt"
HANG_SECONDS = 30   # far beyond the limits below: a limit that does not hold makes the test fail, not pass
LIMIT = "2"         # far above a page's reading once the readers are loaded (tens of milliseconds)


def _inputs(tmp_path: Path) -> Path:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copyfile(TEXT_PAGE, inputs / "good.txt")
    shutil.copyfile(TEXT_PAGE, inputs / "stuck.txt")
    return inputs


def _hang_on_stuck_pages(monkeypatch, hang) -> None:
    extract = pipeline.extract

    def slow_extract(page, *args, **kwargs):
        if "stuck" in page.label:
            hang()
        return extract(page, *args, **kwargs)

    monkeypatch.setattr(pipeline, "extract", slow_extract)


def _ingest(tmp_path: Path, inputs: Path, *options: str) -> int:
    return main(["-c", str(REPO_ROOT / "config.yaml"), "ingest", str(inputs), "--out", str(tmp_path / "content"),
                 "--jobs", "1", "--force", *options])


@pytest.mark.parametrize("hang", [
    lambda: time.sleep(HANG_SECONDS),
    # a reader that catches every Exception and tries again must not outlive the limit either
    lambda: [_swallow(lambda: time.sleep(HANG_SECONDS)) for _ in range(3)],
], ids=["slow", "swallows-exceptions"])
def test_a_page_over_the_limit_fails_alone_and_the_others_are_written(tmp_path, monkeypatch, capsys, hang):
    inputs = _inputs(tmp_path)
    # The first page read also loads the readers (their modules, the line model), which the limit counts too.
    assert _ingest(tmp_path / "warm-up", inputs / "good.txt") == 0
    _hang_on_stuck_pages(monkeypatch, hang)
    status = _ingest(tmp_path, inputs, "--page-timeout", LIMIT)
    err = capsys.readouterr().err
    assert status == 1
    assert f"stuck.txt: gave up reading this page after {LIMIT} s" in err and "good.txt" not in err
    assert [path.name for path in (tmp_path / "content").rglob("*.md")] == [
        "kazakhstan-azerbaijan-aim-to-double-caspian-grain-shipments-by-2027.md"]


def _swallow(action) -> None:
    try:
        action()
    except Exception:
        pass


def test_zero_means_no_limit(tmp_path, monkeypatch, capsys):
    _hang_on_stuck_pages(monkeypatch, lambda: time.sleep(0.5))
    assert _ingest(tmp_path, _inputs(tmp_path), "--page-timeout", "0") == 0


@pytest.mark.parametrize("value", ["-1", "soon", "nan", "inf", "1e10", "86401"])
def test_a_limit_that_is_no_number_of_seconds_is_refused(tmp_path, capsys, value):
    """(1e10 seconds overflowed the system's timer: every page failed as an internal error.)"""
    with pytest.raises(SystemExit) as stopped:
        _ingest(tmp_path, _inputs(tmp_path), "--page-timeout", value)
    assert stopped.value.code == 2
    assert "expected a number of seconds from 0 (no limit) to 86,400" in capsys.readouterr().err


def test_the_limit_is_given_back_and_holds_only_in_the_main_thread():
    assert within_time_limit(5, lambda: "read") == "read"
    time.sleep(0.1)  # a timer left armed would fire here
    with pytest.raises(PageTooSlow):
        within_time_limit(0.05, lambda: time.sleep(HANG_SECONDS))
    seen = []
    worker = threading.Thread(target=lambda: seen.append(limit_applies(0.05)))
    worker.start()
    worker.join()
    assert seen == [False] and limit_applies(0.05) and not limit_applies(0)


def test_a_limit_that_ends_as_the_work_ends_never_escapes_as_another_error():
    """With a limit of 10 microseconds the timer fired while the `with` block it guarded was being left, outside
    its handler: the timer's own exception, no Exception, ended the whole run with a traceback."""
    outcomes = set()
    for _ in range(2000):
        try:
            within_time_limit(0.00001, lambda: sum(range(50)))
            outcomes.add("done")
        except PageTooSlow:
            outcomes.add("too slow")
    time.sleep(0.05)   # a signal the timer sent as the last call ended arrives here, and does nothing
    assert outcomes <= {"done", "too slow"}


def test_a_tiny_limit_fails_the_pages_and_never_the_run(tmp_path, capsys):
    status = _ingest(tmp_path, _inputs(tmp_path), "--page-timeout", "0.00001")
    assert status in (0, 1) and "Traceback" not in capsys.readouterr().err
