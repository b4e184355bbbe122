"""The run cache: a key over what a run's numbers depend on, and nothing else."""

import json

from movesig.report.cache import (
    KEY_FILE,
    module_closure,
    package_hash,
    reusable,
    run_key,
)


def test_a_chapters_key_covers_what_its_study_imports_and_not_the_book_driver():
    deps = module_closure(["movesig.studies.gait_models", "movesig.report.results"])
    assert {"movesig.evaluate.crossval", "movesig.models.batched", "movesig.explain.zennit_lrp",
            "movesig.data.formats.gaitrec", "movesig.summarise.correlation"} <= deps
    assert not {"movesig.report.build", "movesig.report.pages", "movesig.cli"} & deps
    assert package_hash(["movesig.studies.gait_models"]) != package_hash(["movesig.studies.identification"])


def test_the_key_changes_with_parameters_chapter_and_data(root, tmp_path, monkeypatch):
    chapter = root / "chapters" / "identification.py"
    data = tmp_path / "mine.npz"
    data.write_bytes(b"one")
    params = {"dataset": "npz", "data_file": str(data), "C": 0.1}
    key = run_key(chapter, params)
    assert key == run_key(chapter, dict(params))
    assert key != run_key(chapter, params | {"C": 1})
    assert key != run_key(root / "chapters" / "emg_stability.py", params)
    data.write_bytes(b"two")
    assert key != run_key(chapter, params)
    # a key that cannot be proved (data not found) is None: such a run is never reused
    assert run_key(chapter, params | {"data_file": str(tmp_path / "absent.npz")}) is None
    monkeypatch.delenv("MOVESIG_DATA_DIR", raising=False)
    assert run_key(chapter, {"dataset": "gaitrec", "data_dir": str(tmp_path)}) is None
    assert run_key(chapter, {"dataset": "synthetic-gait"}) is not None  # generated: the code is the data


def test_reuse_needs_the_same_key_and_a_completed_run(tmp_path):
    assert not reusable(tmp_path, "k")
    (tmp_path / KEY_FILE).write_text(json.dumps({"key": "k", "seconds": 1.0}))
    assert not reusable(tmp_path, "k")  # no results.json: the run did not complete
    (tmp_path / "results.json").write_text("{}")
    assert reusable(tmp_path, "k") and not reusable(tmp_path, "other") and not reusable(tmp_path, None)


def test_chapters_keyed_by_concurrent_threads_parse_one_source_at_a_time(monkeypatch):
    """The book keys two chapters at once from threads; CPython 3.11.7's AST converter shares
    its recursion depth between threads (gh-106905), so parses must not overlap."""
    import threading
    import time

    from movesig.report import cache

    inside, most, guard = [0], [0], threading.Lock()
    real = cache.ast.parse

    def slow_parse(source, *args, **kwargs):
        with guard:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        time.sleep(0.002)
        try:
            return real(source, *args, **kwargs)
        finally:
            with guard:
                inside[0] -= 1

    monkeypatch.setattr(cache.ast, "parse", slow_parse)
    threads = [threading.Thread(target=cache.package_hash, args=(("movesig.studies.identification",),))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == 1
