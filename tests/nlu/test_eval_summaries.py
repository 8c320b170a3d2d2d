"""What `make eval` reads from other tools' output: JUnit XML and Rasa story files."""

from scripts.eval import _story_names, summarise_junit

JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" tests="4">
  <testcase classname="tests.e2e.test_leave_journeys" name="test_book_a_day" time="3.25"/>
  <testcase classname="tests.e2e.test_leave_journeys" name="test_cancel" time="1.5">
    <failure message="boom">trace</failure>
  </testcase>
  <testcase classname="tests.e2e.test_leave_journeys" name="test_later" time="0">
    <skipped message="not yet"/>
  </testcase>
  <testcase classname="tests.api.test_health" name="test_health" time="0.01"/>
</testsuite></testsuites>
"""


def test_junit_summary_counts_only_the_end_to_end_journeys(tmp_path):
    path = tmp_path / "e2e-junit.xml"
    path.write_text(JUNIT)

    summary = summarise_junit(path)

    assert summary["file"] == str(path)
    assert (summary["total"], summary["passed"], summary["failed"], summary["skipped"]) == (
        3,
        1,
        1,
        1,
    )
    assert summary["cases"][0] == {
        "name": "test_book_a_day",
        "module": "tests.e2e.test_leave_journeys",
        "seconds": 3.25,
        "outcome": "passed",
    }


def test_junit_summary_says_when_the_file_is_missing(tmp_path):
    missing = tmp_path / "var" / "e2e-junit.xml"

    assert summarise_junit(missing) == {"missing": str(missing)}


def test_story_names_are_read_from_indented_and_top_level_lists(tmp_path):
    stories = tmp_path / "stories.yml"
    stories.write_text(
        'version: "3.1"\nstories:\n  - story: Book a day off\n    steps: []\n'
        "- story: Cancel it (failed)\n"
    )

    assert _story_names(stories) == ["Book a day off", "Cancel it (failed)"]
