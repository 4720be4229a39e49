"""A replica's identity follows its machine: a copied state folder on another machine gets a new id."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from huddle_tui.store import Board
from huddle_tui.store import replica as replica_mod


@pytest.fixture
def board_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "board"


def test_same_machine_keeps_its_id(board_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replica_mod, "machine_label", lambda: "machine-a")
    first = Board.open(board_path, create=True)
    again = Board.open(board_path)
    assert again.replica_id == first.replica_id


def test_clone_with_the_same_host_name_gets_a_new_id(
    board_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cloned VM or a restored disk image keeps the host name; its machine id tells it apart, so the
    two machines never write the same replica folder (their concurrent edits are flagged, not merged
    silently as one replica's)."""
    monkeypatch.setattr(replica_mod, "machine_label", lambda: "machine-a")
    original = Board.open(board_path, create=True)
    monkeypatch.setattr(replica_mod, "machine_label", lambda: "machine-b")
    clone = Board.open(board_path)
    assert clone.replica_id != original.replica_id and clone.host == original.host
    original.put("idea", "i1", {"title": "from the original"}, actor="p")  # offline from each other
    clone.put("idea", "i1", {"title": "from the clone"}, actor="p")
    original.refresh()
    record = original.get("idea", "i1")
    assert record is not None and record.conflicts  # two replicas wrote the same field


def test_state_from_before_machine_ids_is_kept(board_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replica_mod, "machine_label", lambda: "machine-a")
    first = Board.open(board_path, create=True)
    state = Path(first.diagnostics()["state_dir"]) / "replica.json"
    doc = orjson.loads(state.read_bytes())
    del doc["machine"]  # written by an older version
    state.write_bytes(orjson.dumps(doc))
    assert Board.open(board_path).replica_id == first.replica_id


def test_machine_label_reads_the_machine_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ident = tmp_path / "machine-id"
    ident.write_text("0123456789abcdef\n")
    monkeypatch.setattr(replica_mod, "MACHINE_ID_FILES", (str(tmp_path / "missing"), str(ident)))
    assert replica_mod.machine_label() == "0123456789abcdef"
    monkeypatch.setattr(replica_mod, "MACHINE_ID_FILES", (str(tmp_path / "missing"),))
    assert replica_mod.machine_label() == ""
