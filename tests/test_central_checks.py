"""The shared argument checks and file helpers that every instrument uses."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kerastutor import _arguments as arguments
from kerastutor import _files as files


@pytest.mark.parametrize("value", [None, "3", 3.0, True, -1, 11, float("nan")])
def test_integer_refuses_with_name_value_and_range(value):
    with pytest.raises(arguments.BadArgument) as caught:
        arguments.integer("f", "size", value, 0, 10)
    message = str(caught.value)
    assert message.startswith("f: size=") and "from 0 to 10" in message
    assert isinstance(caught.value, TypeError) and isinstance(caught.value, ValueError)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), "1", None, True, 0.0])
def test_number_refuses_non_finite_and_out_of_range(value):
    with pytest.raises(arguments.BadArgument, match="budget="):
        arguments.number("f", "budget", value, 0, None, low_open=True)


def test_number_and_integer_accept_numpy_scalars():
    import numpy as np

    assert arguments.number("f", "x", np.float32(0.5), 0, 1) == 0.5
    assert arguments.integer("f", "n", np.int64(3), 1) == 3


@given(st.text(min_size=0, max_size=5000))
def test_shorten_keeps_messages_short(value):
    assert len(arguments.shorten(value)) <= arguments.VALUE_CHARACTERS + 30


def test_flag_choice_text_path_names():
    assert arguments.flag("f", "b", True) is True
    for bad in ("no", 0, None):
        with pytest.raises(arguments.BadArgument, match="True or False"):
            arguments.flag("f", "b", bad)
    assert arguments.choice("f", "c", "a", ("a", "b")) == "a"
    with pytest.raises(arguments.BadArgument, match="one of 'a', 'b'"):
        arguments.choice("f", "c", 1, ("a", "b"))
    with pytest.raises(arguments.BadArgument):
        arguments.text("f", "t", "  ")
    with pytest.raises(arguments.BadArgument, match="path"):
        arguments.path("f", "dir", "")
    assert arguments.names("f", "layers", "dense") == ["dense"]
    with pytest.raises(arguments.BadArgument, match="layers=5"):
        arguments.names("f", "layers", 5)


def test_read_json_tells_missing_unreadable_and_corrupt_apart(tmp_path):
    target = tmp_path / "state.json"
    with pytest.raises(files.FileMissing, match="state.json"):
        files.read_json(target, "the state", "Fix it.")
    target.mkdir()
    with pytest.raises(files.FileUnreadable, match="is a folder"):
        files.read_json(target, "the state", "Fix it.")
    target.rmdir()
    target.write_bytes(b"\xff{not json")
    with pytest.raises(files.FileCorrupt, match="not valid JSON.*Fix it."):
        files.read_json(target, "the state", "Fix it.")
    target.write_text("[1, 2]")
    with pytest.raises(files.FileCorrupt, match="not a table"):
        files.read_json(target, "the state", "Fix it.",
                        lambda data: None if isinstance(data, dict) else "not a table")
    assert target.read_text() == "[1, 2]"  # nothing was deleted or changed


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every file")
def test_read_bytes_says_unreadable_for_permissions(tmp_path):
    target = tmp_path / "secret.json"
    target.write_text("{}")
    target.chmod(0)
    with pytest.raises(files.FileUnreadable, match="permissions"):
        files.read_bytes(target, "the file")


def test_move_aside_never_overwrites_an_earlier_backup(tmp_path):
    target = tmp_path / "progress.json"
    backups = []
    for content in ("first", "second", "third"):
        target.write_text(content)
        backups.append(files.move_aside(target, "unreadable"))
    assert [b.name for b in backups] == ["progress.json.unreadable", "progress.json.unreadable-2",
                                         "progress.json.unreadable-3"]
    assert [b.read_text() for b in backups] == ["first", "second", "third"]
    assert not target.exists()


def test_write_text_atomic_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "a.json"
    files.write_text_atomic(target, json.dumps({"x": 1}))
    files.write_text_atomic(target, json.dumps({"x": 2}))
    assert json.loads(target.read_text()) == {"x": 2}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


def _add_under_lock(path: str, times: int) -> None:
    for _ in range(times):
        with files.locked(path):
            count = int(Path(path).read_text()) if Path(path).exists() else 0
            files.write_text_atomic(path, str(count + 1))


def test_locked_read_modify_write_loses_nothing_across_processes(tmp_path):
    target = str(tmp_path / "count")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_add_under_lock, args=(target, 50)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert int(Path(target).read_text()) == 200


def test_an_open_lower_bound_is_worded_as_above():
    with pytest.raises(arguments.BadArgument, match="must be a finite number above 0.$"):
        arguments.number("f", "budget", 0, 0, low_open=True)
    with pytest.raises(arguments.BadArgument, match="must be a finite number above 0, up to 1.$"):
        arguments.number("f", "rate", 0, 0, 1, low_open=True)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_read_bytes_refuses_a_pipe_or_a_device_instead_of_waiting_for_ever(tmp_path):
    os.mkfifo(tmp_path / "progress.json")
    for target in (tmp_path / "progress.json", "/dev/zero"):
        with pytest.raises(files.FileUnreadable, match=r"is not a regular file \(a pipe or a device\)"):
            files.read_bytes(target, "the file")


def test_an_atomic_write_gives_a_new_file_the_umask_permissions_and_keeps_an_old_files(tmp_path):
    umask = os.umask(0o022)
    try:
        new = tmp_path / "class.html"
        files.write_text_atomic(new, "<p>report</p>")
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        kept = tmp_path / "private.json"
        kept.write_text("{}")
        kept.chmod(0o600)
        files.write_text_atomic(kept, '{"a": 1}')
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
        assert kept.read_text() == '{"a": 1}'
    finally:
        os.umask(umask)
