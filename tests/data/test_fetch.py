"""Finding real files: data directory, its collection folders, the environment, checksums."""

import hashlib

import pytest
from movesig.data import DataError, fetch
from movesig.data.fetch import REGISTRY, RemoteFile, locate


@pytest.fixture
def fake_file(tmp_path, monkeypatch):
    content = b"movesig test bytes"
    entry = RemoteFile("tiny.mat", "tiny-collection", "https://example.invalid/tiny.mat",
                       hashlib.sha256(content).hexdigest())
    monkeypatch.setitem(fetch.REGISTRY, entry.name, entry)
    monkeypatch.delenv("MOVESIG_DATA_DIR", raising=False)
    return entry, content


def test_found_in_data_dir_or_its_collection_folder(tmp_path, fake_file):
    entry, content = fake_file
    (tmp_path / "flat").mkdir()
    (tmp_path / "flat" / entry.name).write_bytes(content)
    assert locate(entry.name, tmp_path / "flat") == tmp_path / "flat" / entry.name
    nested = tmp_path / "nested" / entry.collection
    nested.mkdir(parents=True)
    (nested / entry.name).write_bytes(content)
    assert locate(entry.name, tmp_path / "nested") == nested / entry.name


def test_environment_variable_is_searched(tmp_path, fake_file, monkeypatch):
    entry, content = fake_file
    (tmp_path / entry.name).write_bytes(content)
    monkeypatch.setenv("MOVESIG_DATA_DIR", str(tmp_path))
    assert locate(entry.name) == tmp_path / entry.name


def test_checksum_mismatch_names_the_file_and_leaves_it(tmp_path, fake_file):
    entry, _ = fake_file
    path = tmp_path / entry.name
    path.write_bytes(b"something else")
    with pytest.raises(DataError) as err:
        locate(entry.name, tmp_path)
    assert str(path) in str(err.value) and "SHA-256 mismatch" in str(err.value)
    assert path.read_bytes() == b"something else"


def test_missing_file_offline_says_where_it_looked(tmp_path, fake_file):
    entry, _ = fake_file
    with pytest.raises(DataError) as err:
        locate(entry.name, tmp_path)
    msg = str(err.value)
    assert str(tmp_path / entry.name) in msg and str(tmp_path / entry.collection / entry.name) in msg
    assert "cache" in msg and entry.url in msg


def test_unknown_file():
    with pytest.raises(DataError, match="not a registered data file"):
        locate("nope.mat")


@pytest.mark.realdata
def test_real_files_match_their_pinned_checksums(real_data_dir):
    for name in REGISTRY:
        assert locate(name, real_data_dir).is_file()


@pytest.mark.parametrize("value, expected", [("1", True), ("TRUE", True), ("True", True), ("On", True), ("yes", True),
                                             ("", False), ("0", False), ("False", False), ("off", False), ("NO", False)])
def test_offline_is_read_in_any_case(value, expected, monkeypatch):
    monkeypatch.setenv("MOVESIG_OFFLINE", value)
    assert fetch.offline() is expected


def test_an_offline_value_not_understood_names_the_variable(monkeypatch):
    monkeypatch.setenv("MOVESIG_OFFLINE", "maybe")
    with pytest.raises(DataError, match="MOVESIG_OFFLINE='maybe' is not understood"):
        fetch.offline()


def test_a_data_dir_variable_naming_no_folder_is_refused(tmp_path, fake_file, monkeypatch):
    entry, _ = fake_file
    monkeypatch.setenv("MOVESIG_DATA_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(DataError, match="nowhere: the data directory \\(MOVESIG_DATA_DIR\\) does not exist"):
        locate(entry.name)
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("MOVESIG_DATA_DIR", str(tmp_path / "file"))
    with pytest.raises(DataError, match="is a file, not a folder"):
        locate(entry.name)
