"""The stories' benchmarks run small: the stories-cost benchmark's own steps on a generated corpus, the story
vectors' on a few hundred synthetic documents (timings and memory are not checked here: they belong to the
benchmarks, docs/stories.md#cost)."""

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


def test_the_story_vectors_benchmark_reports_memory_time_and_a_digest_that_follows_the_vectors():
    from benchmarks.story_vectors import measure

    found = measure(400, REPO)
    assert found["documents"] == 400 and found["entries"] > 400 * 20 and found["vocabulary"] > 1000
    assert found["growth_mb"] >= 0 and found["seconds"] >= 0 and len(found["digest"]) == 16
    assert measure(400, REPO)["digest"] == found["digest"]      # the same documents: the same vectors
    assert measure(401, REPO)["digest"] != found["digest"]


def test_the_story_child_benchmark_reports_each_steps_memory_and_a_digest_of_the_stories(tmp_path):
    from benchmarks.story_child import measure, save_inputs

    subprocess.run([sys.executable, "-m", "benchmarks.generate_corpus", "--count", "300", "--out",
                    str(tmp_path / "corpus")], cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    inputs = tmp_path / "inputs.pickle"
    assert save_inputs(tmp_path / "corpus" / "config.yaml", inputs) == 300
    found = measure(inputs, REPO)
    assert {"vectors", "similar pairs", "each article's partners", "grouping round",
            "pairs inside each story"} <= set(found["steps"])
    assert found["peak_mb"] == max(found["steps"].values()) > 0 and found["stories"] > 0
    assert measure(inputs, REPO)["digest"] == found["digest"]   # the same inputs: the same stories
