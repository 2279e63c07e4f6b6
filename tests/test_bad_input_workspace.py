"""The workspace and ``kerastutor start`` under careless and hostile input: a clear error (argparse's for
options, one line for folders), never a traceback, and never a learner's notebook overwritten."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kerastutor import _files
from kerastutor._arguments import BadArgument
from kerastutor.cli import lab_command, main
from kerastutor.workspace import MANIFEST, NotAFolder, lessons, sync_workspace

MINE = '{"v": 1, "my answer": 42}'


def release(source: Path, version: int) -> None:
    for lesson in lessons(source):
        lesson.write_text(f'{{"v": {version}}}')


# --- sync_workspace's arguments and folders ---------------------------------------------------------

def test_a_workspace_name_too_long_is_a_clear_error(shipped, tmp_path):
    with pytest.raises(_files.FileUnreadable, match=r"cannot make the workspace folder .*\.\.\. \(File name"):
        sync_workspace(tmp_path / ("x" * 5000), shipped)
    with pytest.raises(_files.FileMissing, match="the lessons to copy are missing"):
        sync_workspace(tmp_path / "ws", tmp_path / ("x" * 5000))


@pytest.mark.parametrize("workspace", [None, 5, "", "   ", ["ws"]])
def test_a_workspace_that_is_not_a_path_is_refused(shipped, workspace):
    with pytest.raises(BadArgument, match=r"sync_workspace: workspace=.* cannot be used; workspace must"):
        sync_workspace(workspace, shipped)


@pytest.mark.parametrize("source", [5, "", b"shipped"])
def test_a_source_that_is_not_a_path_is_refused(tmp_path, source):
    with pytest.raises(BadArgument, match=r"sync_workspace: source=.* cannot be used; source must be a"):
        sync_workspace(tmp_path / "ws", source)
    assert not (tmp_path / "ws").exists()


def test_lessons_of_no_folder_is_refused():
    with pytest.raises(BadArgument, match=r"lessons: source=None cannot be used"):
        lessons(None)


@pytest.mark.parametrize("make, fragment", [
    (lambda path: None, "is not a folder"),  # missing
    (lambda path: path.write_text("a file"), "is not a folder"),
    (lambda path: path.mkdir(), "holds no NN_name.ipynb notebook"),
    (lambda path: (path.mkdir(), (path / "00_x.new.ipynb").write_text("{}")), "holds no NN_name.ipynb"),
])
def test_missing_lessons_are_a_clear_error_before_anything_is_written(tmp_path, make, fragment):
    source = tmp_path / "shipped"
    make(source)
    with pytest.raises(_files.FileMissing, match=fragment) as caught:
        sync_workspace(tmp_path / "ws", source)
    assert "reinstall it" in str(caught.value) and not (tmp_path / "ws").exists()


def test_a_file_in_place_of_the_workspace_or_above_it_is_a_clear_error(shipped, tmp_path):
    (tmp_path / "ws").write_text("x")
    with pytest.raises(NotAFolder, match="is a file; choose a folder for the lessons with --dir"):
        sync_workspace(tmp_path / "ws", shipped)
    with pytest.raises(_files.FileUnreadable, match="cannot make the workspace folder .*choose another"):
        sync_workspace(tmp_path / "ws" / "below", shipped)
    assert (tmp_path / "ws").read_text() == "x"


def test_an_unwritable_workspace_is_a_clear_error(shipped, tmp_path, monkeypatch):
    import tempfile

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", refused)  # what a read-only folder does, root or not
    with pytest.raises(_files.FileUnreadable, match=r"cannot write 00_welcome.ipynb into the workspace .* "
                       r"\(Permission denied\); check its permissions or choose another folder with --dir"):
        sync_workspace(tmp_path / "ws", shipped)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_workspace_is_a_clear_error(shipped, tmp_path):
    workspace = tmp_path / "ws"
    workspace.mkdir()
    workspace.chmod(0o500)
    try:
        with pytest.raises(_files.FileUnreadable, match="Permission denied"):
            sync_workspace(workspace, shipped)
    finally:
        workspace.chmod(0o700)


def test_a_folder_where_a_lesson_should_be_is_kept_and_the_lesson_offered_beside(shipped, tmp_path):
    workspace = tmp_path / "ws"
    (workspace / "01_first.ipynb").mkdir(parents=True)
    report = sync_workspace(workspace, shipped)
    assert report.new_versions == [("01_first.ipynb", "01_first.new.ipynb")]
    assert (workspace / "01_first.ipynb").is_dir()


# --- a .new.ipynb the learner edited is never overwritten -------------------------------------------

def test_an_edited_new_version_is_kept_and_the_next_one_gets_a_free_name(shipped, tmp_path):
    workspace = tmp_path / "ws"
    sync_workspace(workspace, shipped)
    (workspace / "01_first.ipynb").write_text(MINE)
    release(shipped, 2)
    assert sync_workspace(workspace, shipped).new_versions == [("01_first.ipynb", "01_first.new.ipynb")]
    (workspace / "01_first.new.ipynb").write_text("my work in the new version")
    again = sync_workspace(workspace, shipped)  # the same release: nothing newer to write
    assert again.new_versions == [("01_first.ipynb", "01_first.new.ipynb")]
    assert not (workspace / "01_first.new-2.ipynb").exists()
    release(shipped, 3)
    third = sync_workspace(workspace, shipped)
    assert third.new_versions == [("01_first.ipynb", "01_first.new-2.ipynb")]
    assert "Kept your edited 01_first.new.ipynb" in str(third)
    assert (workspace / "01_first.ipynb").read_text() == MINE
    assert (workspace / "01_first.new.ipynb").read_text() == "my work in the new version"
    assert (workspace / "01_first.new-2.ipynb").read_text() == '{"v": 3}'
    release(shipped, 4)  # the untouched .new-2 is ours: updated in place, no .new-3
    assert sync_workspace(workspace, shipped).new_versions == [("01_first.ipynb", "01_first.new-2.ipynb")]
    assert (workspace / "01_first.new-2.ipynb").read_text() == '{"v": 4}'
    assert not (workspace / "01_first.new-3.ipynb").exists()
    assert [path.name for path in lessons(workspace)] == ["00_welcome.ipynb", "01_first.ipynb"]


def test_an_untouched_new_version_is_updated_in_place(shipped, tmp_path):
    workspace = tmp_path / "ws"
    sync_workspace(workspace, shipped)
    (workspace / "01_first.ipynb").write_text(MINE)
    release(shipped, 2)
    sync_workspace(workspace, shipped)
    release(shipped, 3)
    assert sync_workspace(workspace, shipped).new_versions == [("01_first.ipynb", "01_first.new.ipynb")]
    assert (workspace / "01_first.new.ipynb").read_text() == '{"v": 3}'


def test_a_new_version_we_did_not_write_is_the_learners(shipped, tmp_path):
    workspace = tmp_path / "ws"
    sync_workspace(workspace, shipped)
    (workspace / "01_first.ipynb").write_text(MINE)
    (workspace / "01_first.new.ipynb").write_text("made by the learner")
    release(shipped, 2)
    report = sync_workspace(workspace, shipped)
    assert report.new_versions == [("01_first.ipynb", "01_first.new-2.ipynb")]
    assert (workspace / "01_first.new.ipynb").read_text() == "made by the learner"


# --- a damaged manifest: said so, moved aside, never a reason to overwrite ------------------------

@pytest.mark.parametrize("content", [
    b"{not json",
    b"",
    b"\xff\xfe",
    b"[" * 100_000,
    b"[]",
    b"null",
    b'"00_welcome.ipynb"',
    b'{"01_first.ipynb": 5}',
    b'{"01_first.ipynb": "not a digest"}',
    b'{"01_first.ipynb": ["a", "b"]}',
])
def test_a_damaged_manifest_is_said_moved_aside_and_never_overwrites_the_learners_lessons(
        shipped, tmp_path, content):
    workspace = tmp_path / "ws"
    sync_workspace(workspace, shipped)
    (workspace / "01_first.ipynb").write_text(MINE)
    (workspace / MANIFEST).write_bytes(content)
    release(shipped, 2)
    report = sync_workspace(workspace, shipped)
    first = str(report).splitlines()[0]
    assert "the workspace's manifest" in first and "damaged" in first and f"{MANIFEST}.damaged" in first
    assert (workspace / f"{MANIFEST}.damaged").read_bytes() == content
    assert (workspace / "01_first.ipynb").read_text() == MINE
    assert ("01_first.ipynb", "01_first.new.ipynb") in report.new_versions
    recorded = json.loads((workspace / MANIFEST).read_text())  # a sound manifest again
    assert all(len(digest) == 64 for digest in recorded.values())


def test_the_valid_entries_of_a_damaged_manifest_are_still_used(shipped, tmp_path):
    workspace = tmp_path / "ws"
    sync_workspace(workspace, shipped)
    recorded = json.loads((workspace / MANIFEST).read_text())
    (workspace / MANIFEST).write_text(json.dumps({**recorded, "01_first.ipynb": 7}))
    release(shipped, 2)
    report = sync_workspace(workspace, shipped)
    assert report.updated == ["00_welcome.ipynb"]  # still vouched for: updated in place
    assert report.new_versions == [("01_first.ipynb", "01_first.new.ipynb")]  # no longer: kept
    assert (workspace / "01_first.ipynb").read_text() == '{"v": 1}'


def test_a_folder_in_place_of_the_manifest_is_a_clear_error(shipped, tmp_path):
    (tmp_path / "ws" / MANIFEST).mkdir(parents=True)
    with pytest.raises(_files.FileUnreadable, match="workspace's manifest cannot be read: .* is a folder"):
        sync_workspace(tmp_path / "ws", shipped)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_pipes_in_the_workspace_are_never_opened(shipped, tmp_path):
    workspace = tmp_path / "ws"
    workspace.mkdir()
    os.mkfifo(workspace / "01_first.ipynb")
    report = sync_workspace(workspace, shipped)
    assert report.new_versions == [("01_first.ipynb", "01_first.new.ipynb")]
    (workspace / MANIFEST).unlink()
    os.mkfifo(workspace / MANIFEST)
    with pytest.raises(_files.FileUnreadable, match="manifest cannot be read: .* is not a regular file"):
        sync_workspace(workspace, shipped)


# --- kerastutor start: options refused the argparse way -------------------------------------------

@pytest.mark.parametrize("port", ["-1", "70000", "65536", "abc", "", " ", "1.5", "0x50", "8888a", "1e3"])
def test_a_bad_port_is_an_argparse_error_naming_port_and_the_range(tmp_path, capsys, port):
    with pytest.raises(SystemExit) as stopped:
        main(["start", "--copy-only", "--dir", str(tmp_path / "ws"), "--port", port])
    error = capsys.readouterr().err
    assert stopped.value.code == 2 and "usage: kerastutor start" in error
    assert "argument --port:" in error and "a whole number from 0 to 65535" in error
    assert "Traceback" not in error and not (tmp_path / "ws").exists()


@pytest.mark.parametrize("folder", ["", "   ", "\t", "a\0b", "x" * 5000, "~no_such_user_kt/ws"])
def test_an_empty_dir_is_an_argparse_error_and_nothing_is_copied_here(tmp_path, monkeypatch, capsys, folder):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        main(["start", "--copy-only", "--dir", folder])
    error = capsys.readouterr().err
    assert stopped.value.code == 2 and "argument --dir:" in error and "--dir must name a folder" in error
    assert list(tmp_path.iterdir()) == []


def test_a_dir_that_is_a_file_is_an_argparse_error(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(SystemExit) as stopped:
        main(["start", "--copy-only", "--dir", str(tmp_path / "notes.txt")])
    error = capsys.readouterr().err
    assert stopped.value.code == 2 and "argument --dir:" in error
    assert "is a file; --dir must name a folder" in error
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_dir_below_a_file_is_one_line_and_status_1(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["start", "--copy-only", "--dir", str(tmp_path / "notes.txt" / "ws")]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("kerastutor: cannot prepare the workspace: cannot make the workspace")
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err


@pytest.mark.parametrize("port", ["0", "1", "8888", "65535"])
def test_ports_jupyter_accepts_are_accepted(tmp_path, capsys, port):
    assert main(["start", "--copy-only", "--dir", str(tmp_path / "ws"), "--port", port]) == 0
    assert capsys.readouterr().out.startswith("Copied ")


def test_ctrl_c_while_copying_is_one_line_and_status_130(tmp_path, monkeypatch, capsys):
    import kerastutor.cli

    def interrupted(workspace):
        raise KeyboardInterrupt

    monkeypatch.setattr(kerastutor.cli, "sync_workspace", interrupted)
    assert main(["start", "--copy-only", "--dir", str(tmp_path / "ws")]) == 130
    assert capsys.readouterr().err.startswith("kerastutor: stopped; run the command again to finish copying")


@pytest.mark.parametrize("argv", ["start", 5, [1, 2], ["start", None]])
def test_main_of_something_that_is_not_a_list_of_strings_is_refused(argv):
    with pytest.raises(BadArgument, match=r"main: argv=.* cannot be used; argv must be a list of strings"):
        main(argv)


@pytest.mark.parametrize("arguments, name", [
    ((None, 8888, True, []), "workspace"),
    ((Path("ws"), -1, True, []), "port"),
    ((Path("ws"), 70000, True, []), "port"),
    ((Path("ws"), "8888", True, []), "port"),
    ((Path("ws"), None, "yes", []), "no_browser"),
    ((Path("ws"), None, True, "--x"), "extra"),
    ((Path("ws"), None, True, [5]), "extra"),
])
def test_lab_command_refuses_bad_arguments(arguments, name):
    with pytest.raises(BadArgument, match=rf"lab_command: {name}=.* cannot be used; {name} must be"):
        lab_command(*arguments)
