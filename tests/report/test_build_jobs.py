"""``movesig book --jobs``: runs executed at once, the longest first; a failure is the run's; a bad value is refused first."""

import re
import threading
import time

import pytest
from movesig.report import build
from movesig.report.book import ChapterError
from movesig.studies import ParameterError


@pytest.fixture
def fake_runs(monkeypatch, tmp_path, root):
    """Runs that sleep instead of executing a kernel: (log of (name, start, end), last build's seconds per name)."""
    log, lock, previous = [], threading.Lock(), {}

    def run_chapter(name, parameters, data_dir, out, root_):
        start = time.perf_counter()
        if name == "speed" and previous.get("fail"):
            raise ChapterError("speed: something the chapter refused")
        time.sleep(0.15)
        with lock:
            log.append((name, start, time.perf_counter()))

    monkeypatch.setattr(build, "run_chapter", run_chapter)
    monkeypatch.setattr(build, "reusable", lambda run_dir, key: False)
    monkeypatch.setattr(build, "read_key", lambda run_dir: {"seconds": previous[run_dir.name]}
                        if run_dir.name in previous else {})
    monkeypatch.setattr(build, "_build", lambda *args: tmp_path / "index.html")
    return log, previous


def _most_at_once(log):
    return max(sum(s <= t < e for _, s, e in log) for _, t, _ in log)


def test_two_jobs_run_two_at_once_and_the_longest_first(fake_runs, root, tmp_path, capsys):
    log, previous = fake_runs
    names = build.chapter_names(root)
    previous.update({names[-1]: 900.0, names[2]: 500.0})  # the last build's seconds of two runs
    build.build_book(out=tmp_path / "runs", root=root, jobs=2)
    assert sorted(n for n, _, _ in log) == sorted(names)
    assert _most_at_once(log) == 2
    first = [n for n, _, _ in sorted(log, key=lambda r: r[1])][:2]
    assert set(first) == {names[-1], names[2]}  # longest first
    said = capsys.readouterr().out
    progress = [line for line in said.splitlines() if line.startswith("[")]
    assert len(progress) == 2 * len(names)  # whole lines, one per start and per end, never two run together
    assert all(re.fullmatch(r"\[\d+/\d+\] \w+: (running since [\d:]+.*|ran \(\d+ s\))", line) for line in progress)
    table = said.split("(a reused run: the seconds it took)")[1].split()
    assert [w for w in table if w in names] == names  # the table in book order


def test_one_job_runs_one_at_a_time_in_book_order(fake_runs, root, tmp_path):
    log, _ = fake_runs
    build.build_book(out=tmp_path / "runs", root=root, jobs=1, quiet=True)
    assert _most_at_once(log) == 1
    assert [n for n, _, _ in sorted(log, key=lambda r: r[1])] == build.chapter_names(root)


def test_a_failing_run_fails_the_build_with_its_own_message_after_the_others_end(fake_runs, root, tmp_path):
    """No run is left writing (and holding its folder's lock) when the build stops on another's error."""
    log, previous = fake_runs
    previous["fail"] = True
    with pytest.raises(ChapterError, match="speed: something the chapter refused"):
        build.build_book(out=tmp_path / "runs", root=root, jobs=2, quiet=True)
    assert sorted(n for n, _, _ in log) == sorted(n for n in build.chapter_names(root) if n != "speed")


@pytest.mark.parametrize("jobs", [0, -1, 1.5, True])
def test_a_bad_number_of_jobs_is_refused_before_anything_runs(fake_runs, root, tmp_path, jobs):
    log, _ = fake_runs
    with pytest.raises(ParameterError, match="jobs must be a whole number"):
        build.build_book(out=tmp_path / "runs", root=root, jobs=jobs, quiet=True)
    assert log == []


def test_a_progress_line_is_written_whole(monkeypatch):
    """One write per line, under a lock: two runs speaking at once cannot run their lines together."""

    class Recorder:
        def __init__(self):
            self.writes = []

        def write(self, text):
            self.writes.append(text)
            time.sleep(0.01)  # invite the other thread in

        def flush(self):
            pass

    out = Recorder()
    monkeypatch.setattr("sys.stdout", out)
    threads = [threading.Thread(target=build._say, args=(f"[{i}/2] run{i}: running since 12:00:00", False))
               for i in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(out.writes) == [f"[{i}/2] run{i}: running since 12:00:00\n" for i in (1, 2)]
