"""The stories-cost benchmark's own steps run on a small generated corpus (its timings are not checked here:
speed belongs to the benchmark, docs/stories.md#cost)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.stories_cost import clustering_seconds

REPO = Path(__file__).resolve().parents[1]


def test_the_stories_steps_are_timed_on_a_generated_corpus(tmp_path):
    subprocess.run([sys.executable, "-m", "benchmarks.generate_corpus", "--count", "300", "--out",
                    str(tmp_path / "corpus")], cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    steps, found = clustering_seconds(tmp_path / "corpus" / "config.yaml", rounds=1)
    assert set(steps) == {"story_inputs", "group_stories", "stories_from_groups"}
    assert all(seconds >= 0.0 for seconds in steps.values())
    assert found > 0  # the generated corpus has reports of one event from several outlets
