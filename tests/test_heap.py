"""A one-shot build keeps its heap out of the garbage collector's passes while it runs, and only then
(newsdigest.heap): nested holders, the forked helpers' freezes, and failed builds all end unfrozen."""

from __future__ import annotations

import gc
import shutil

import pytest

import newsdigest.build as build_module
from newsdigest.build import SiteBuilder, build
from newsdigest.config import load_config
from newsdigest.heap import YOUNG_OBJECTS, freeze_heap, refreeze, thaw_heap
from tests.conftest import REPO


@pytest.fixture(autouse=True)
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_the_heap_stays_frozen_until_the_last_holder_lets_go():
    freeze_heap()
    outer = gc.get_freeze_count()
    assert outer > 0
    freeze_heap()              # a forked helper inside a build
    thaw_heap()
    assert gc.get_freeze_count() >= outer   # the build still holds it
    kept = [[] for _ in range(1000)]  # containers: what the collector tracks
    refreeze()
    assert gc.get_freeze_count() >= outer + len(kept)
    thaw_heap()
    assert gc.get_freeze_count() == 0


def test_the_young_generation_grows_larger_while_the_heap_is_held_and_gets_its_threshold_back():
    before = gc.get_threshold()
    freeze_heap()
    freeze_heap()
    assert gc.get_threshold() == (YOUNG_OBJECTS, *before[1:])
    thaw_heap()
    assert gc.get_threshold()[0] == YOUNG_OBJECTS  # still held
    thaw_heap()
    assert gc.get_threshold() == before


def test_a_finished_command_exits_with_its_status_and_its_heap_frozen():
    """The collector's last pass at shutdown is skipped: what the process holds is frozen when it exits."""
    import subprocess
    import sys

    script = ("import atexit, gc; from newsdigest.heap import exit_process; held = [[i] for i in range(1000)]; "
              "atexit.register(lambda: print('frozen', gc.get_freeze_count() >= 1000)); exit_process(3)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 3 and done.stdout.strip() == "frozen True", done.stderr


def test_refreeze_without_a_holder_freezes_nothing():
    refreeze()
    assert gc.get_freeze_count() == 0
    thaw_heap()                # an extra thaw is harmless
    assert gc.get_freeze_count() == 0


@pytest.fixture
def sample_config(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copy(REPO / "config.yaml", site / "config.yaml")
    return load_config(site / "config.yaml")


@pytest.fixture
def frozen_when_rendering(monkeypatch) -> list[int]:
    """How many objects were frozen as each build began to render."""
    seen: list[int] = []
    render = build_module.BuildRun.render

    def watching_render(self, site_model, output):
        seen.append(gc.get_freeze_count())
        return render(self, site_model, output)

    monkeypatch.setattr(build_module.BuildRun, "render", watching_render)
    return seen


def test_a_one_shot_build_freezes_while_it_runs_and_thaws_at_the_end(sample_config, frozen_when_rendering,
                                                                     tmp_path, monkeypatch):
    build(sample_config, output_dir=tmp_path / "out")
    assert frozen_when_rendering[0] > 1000  # the articles and the site model
    assert gc.get_freeze_count() == 0

    def broken_render(self, site_model, output):
        raise RuntimeError("a bug while rendering")

    monkeypatch.setattr(build_module.BuildRun, "render", broken_render)
    with pytest.raises(RuntimeError):
        build(sample_config, output_dir=tmp_path / "out")
    assert gc.get_freeze_count() == 0


def test_a_builder_that_builds_again_never_freezes(sample_config, frozen_when_rendering, tmp_path):
    SiteBuilder(sample_config, output_dir=tmp_path / "out", quick_updates=True).build()
    assert frozen_when_rendering == [0]   # its articles live on from build to build and must stay collectable
