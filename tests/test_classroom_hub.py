"""The classroom's JupyterHub, for real: three learners run lesson 01 at once through the hub's proxy.

One hub (``classroom/jupyterhub_config.py``, configurable-http-proxy, the idle culler)
serves the whole module; the last test stops it and checks that no process it started
is left and that its ports are free. The three concurrent lesson runs are the slow
part (about two minutes on 2 cores).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sys
from pathlib import Path

import pytest
from traitlets.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hub_driver  # noqa: E402

CLASSROOM = hub_driver.ROOT / "classroom"
sys.path.insert(0, str(CLASSROOM))
import memory_cgroup  # noqa: E402

LEARNERS = ("ada", "grace", "alan")
SMALL_LIMIT = 600 * 2**20
# a learner whose server gets a small memory limit, to show that a kernel over it is stopped, not the hub
GREEDY = "greedy"
EXTRA_CONFIG = f"""
def _small_limit_for_greedy(spawner):
    if spawner.user.name == {GREEDY!r}:
        spawner.mem_limit = {SMALL_LIMIT}
c.Spawner.pre_spawn_hook = _small_limit_for_greedy
"""
ENFORCED = memory_cgroup.probe(memory_cgroup.find_hierarchy())

pytestmark = pytest.mark.skipif(not (hub_driver.BIN / "configurable-http-proxy").exists(),
                                reason="configurable-http-proxy is missing: run  make classroom-tools")


def run(coroutine):
    """Run a coroutine of the driver to its end."""
    return asyncio.run(coroutine)


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    """A running hub for this module; stopped (and anything left killed) at the end."""
    started = hub_driver.Hub(tmp_path_factory.mktemp("hub"), extra_config=EXTRA_CONFIG)
    try:
        run(started.wait_ready())
        started.tokens = {}
        yield started
    finally:
        started.stop()
        if started.leftovers():
            started.kill_leftovers()


def test_three_learners_run_lesson_01_at_once_through_the_proxy(hub):
    async def class_of_three():
        tokens = await asyncio.gather(*(hub.create_learner(name) for name in LEARNERS))
        hub.tokens.update(zip(LEARNERS, tokens))
        await asyncio.gather(*(hub.start_server(name) for name in LEARNERS))
        return await asyncio.gather(*(hub_driver.run_lesson(hub, name, hub.tokens[name])
                                      for name in LEARNERS))

    runs = run(class_of_three())
    assert [run.failures for run in runs] == [[], [], []]
    lesson = json.loads((hub_driver.ROOT / "notebooks" / "01_keras_workflow.ipynb").read_text())
    cells = sum(cell["cell_type"] == "code" for cell in lesson["cells"])
    assert [run.cells for run in runs] == [cells] * 3
    assert all(run.kernel_peak_bytes > 100 * 2**20 for run in runs)


def test_every_learner_gets_the_lessons_in_their_own_folder_and_lab_opens_the_welcome(hub):
    shipped = sorted(path.name for path in (hub_driver.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for name in LEARNERS:
        workspace = hub.home(name) / "kerastutor-notebooks"
        assert sorted(path.name for path in workspace.glob("[0-9][0-9]_*.ipynb")) == shipped
    model = run(hub.api("GET", f"users/{LEARNERS[0]}"))
    assert model["servers"][""]["ready"]
    assert "kerastutor-notebooks/00_welcome.ipynb" in hub.log()  # the server's default URL
    servers = [process for process in hub.tree() if "jupyterhub-singleuser" in " ".join(process.cmdline())]
    environments = {process.environ()["JUPYTERHUB_USER"]: process.environ() for process in servers}
    assert sorted(environments) == sorted(LEARNERS)
    for name, environment in environments.items():
        assert environment["KERASTUTOR_HOME"] == str(hub.home(name) / ".kerastutor")  # progress per learner
        assert environment["HOME"] == str(hub.home(name))
        assert environment["TF_NUM_INTRAOP_THREADS"] == "1" and "KERASTUTOR_CLASSROOM" not in environment


def test_a_learners_edited_lesson_survives_a_second_server_start(hub):
    learner, lesson = LEARNERS[1], "kerastutor-notebooks/01_keras_workflow.ipynb"
    prefix = f"/user/{learner}/api/"

    async def edit_stop_start():
        model = await hub.api("GET", f"contents/{lesson}?content=1", token=hub.tokens[learner], prefix=prefix)
        model["content"]["cells"][0]["source"] = "# my own notes, kept\n"
        await hub.api("PUT", f"contents/{lesson}", {"type": "notebook", "content": model["content"]},
                      token=hub.tokens[learner], prefix=prefix)
        await hub.stop_server(learner)
        await hub.start_server(learner)

    run(edit_stop_start())
    saved = json.loads((hub.home(learner) / lesson).read_text())
    assert "".join(saved["cells"][0]["source"]) == "# my own notes, kept\n"
    assert f"kerastutor for {learner}: Kept your changes to 01_keras_workflow.ipynb." in hub.log()


def test_the_idle_culler_runs_as_a_hub_service_with_its_role(hub):
    services = run(hub.api("GET", "services"))
    culler = services["idle-culler"]
    assert culler["command"][1:] == ["-m", "jupyterhub_idle_culler", "--timeout=3600"]
    assert "idle-culler" in culler["roles"]
    assert any("jupyterhub_idle_culler" in " ".join(process.cmdline()) for process in hub.tree())
    assert "GET /hub/api/users?state=[secret] (idle-culler@" in hub.log()  # its role lets it list servers


def test_trial_mode_warns_in_the_hubs_log(hub):
    assert hub.log().startswith("kerastutor classroom: WARNING: trial mode: trial-learner can log in with "
                                "ANY password.")


@pytest.mark.skipif(ENFORCED is not None, reason=f"memory limits cannot be enforced here: {ENFORCED}")
def test_a_kernel_over_its_memory_limit_is_stopped_not_the_hub(hub):
    async def greedy_kernel():
        token = await hub.create_learner(GREEDY)
        await hub.start_server(GREEDY)
        kernel = hub_driver.Kernel(hub, GREEDY, token)
        await kernel.open("kerastutor-notebooks/00_welcome.ipynb")
        try:
            said = await kernel.execute("too_much = b'x' * (1024 * 2**20)", timeout=120)
            await kernel.wait_restarted()
        finally:
            await kernel.close()
        status = await hub.api("GET", "status", token=token, prefix=f"/user/{GREEDY}/api/")
        hub_status = await hub.api("GET", "")
        kills = memory_cgroup.out_of_memory_kills(cgroup)
        await hub.stop_server(GREEDY)
        return said, status, hub_status, kills

    home = hashlib.sha256(str(hub.home(GREEDY)).encode()).hexdigest()[:12]
    cgroup = memory_cgroup.learner_folder(memory_cgroup.find_hierarchy(), f"{GREEDY}-{home}")
    said, server_status, hub_status, kills = run(greedy_kernel())
    assert said == ["the kernel died (restarting)"] and kills >= 1
    assert "started" in server_status and "version" in hub_status  # the learner's server and the hub answer
    assert f"{GREEDY}'s server runs with a memory limit of {SMALL_LIMIT // 2**20} MB" in hub.log()
    assert not cgroup.exists()  # removed when the server stopped


def test_stopping_the_hub_stops_everything_it_started_and_frees_its_ports(hub):
    hub.remember_processes()
    assert len(hub.seen) >= 3 + len(LEARNERS)  # hub, proxy, culler, servers (and kernels)
    hub.stop()
    assert hub.process.returncode is not None
    assert hub.leftovers() == []


def test_memory_cgroup_v2_limits_are_written_where_the_kernel_reads_them(tmp_path):
    (tmp_path / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    (tmp_path / "cgroup.subtree_control").write_text("")
    hierarchy = memory_cgroup.find_hierarchy(tmp_path)
    assert hierarchy == memory_cgroup.Hierarchy(tmp_path / "kerastutor-classroom", "memory.max")
    assert memory_cgroup.probe(hierarchy) is None
    folder = memory_cgroup.learner_cgroup(hierarchy, "ada/../x", 2 * 2**30)
    assert folder.parent == hierarchy.base and (folder / "memory.max").read_text() == str(2 * 2**30)
    assert (hierarchy.base / "cgroup.subtree_control").read_text() == "+memory"
    with pytest.raises(ValueError, match="must be a positive number of bytes"):
        memory_cgroup.learner_cgroup(hierarchy, "ada", 0)


def test_a_machine_without_memory_cgroups_is_said_in_one_sentence(tmp_path):
    assert memory_cgroup.find_hierarchy(tmp_path) is None
    said = memory_cgroup.probe(None)
    assert said == "this machine has no memory cgroup (no /sys/fs/cgroup memory controller)"


def _load_config(monkeypatch, tmp_path, trial: str | None = None) -> Config:
    """The configuration classroom/jupyterhub_config.py makes (``trial``: its KERASTUTOR_HUB_TRIAL)."""
    if trial is None:
        monkeypatch.delenv("KERASTUTOR_HUB_TRIAL", raising=False)
    else:
        monkeypatch.setenv("KERASTUTOR_HUB_TRIAL", trial)
    monkeypatch.setenv("KERASTUTOR_HUB_STATE", str(tmp_path / "state"))
    config, path = Config(), CLASSROOM / "jupyterhub_config.py"
    exec(compile(path.read_text(), str(path), "exec"), {"get_config": lambda: config, "__file__": str(path)})
    return config


def test_for_real_use_the_hub_logs_learners_in_with_native_authenticator(monkeypatch, tmp_path):
    config = _load_config(monkeypatch, tmp_path)  # the classroom extra installs NativeAuthenticator
    assert config.JupyterHub.authenticator_class == "native"
    assert config.NativeAuthenticator.open_signup is False
    assert "KERASTUTOR_CLASSROOM" not in config.Spawner.environment  # the graded session is off
    assert os.environ.get("KERASTUTOR_HUB_TRIAL") is None


def test_without_native_authenticator_the_hub_says_how_to_install_it(monkeypatch, tmp_path):
    import importlib.util

    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *rest: None if name == "nativeauthenticator" else find_spec(name, *rest))
    with pytest.raises(SystemExit, match="NativeAuthenticator, which is not installed: run .* install "
                                         "jupyterhub-nativeauthenticator"):
        _load_config(monkeypatch, tmp_path)


def test_the_kubernetes_values_give_each_learner_the_same_classroom_as_one_machine(monkeypatch, tmp_path):
    yaml = pytest.importorskip("yaml")
    values = yaml.safe_load((CLASSROOM / "values.yaml").read_text())
    learner, hub_config = values["singleuser"], values["hub"]["config"]
    assert learner["memory"] == {"limit": "2G", "guarantee": "1G"} and learner["cpu"]["limit"] == 1
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] == 3600
    assert hub_config["JupyterHub"]["authenticator_class"] not in ("dummy", "null")
    sync = learner["lifecycleHooks"]["postStart"]["exec"]["command"][-1]
    assert sync.startswith(f"kerastutor start --copy-only --dir {learner['storage']['homeMountPath']}"
                           "/kerastutor-notebooks ")
    config = _load_config(monkeypatch, tmp_path, trial="ada")
    assert learner["defaultUrl"] == config.Spawner.default_url
    one_machine = {name: value for name, value in config.Spawner.environment.items()
                   if isinstance(value, str)}
    assert {name: learner["extraEnv"][name] for name in one_machine} == one_machine


@pytest.mark.parametrize("setting", ['{"solutions": False, "max_hints": 2, "session": "the Friday quiz"}',
                                     '{"solution": False}'])
def test_a_graded_session_set_on_the_hub_reaches_every_learner_or_is_refused(monkeypatch, tmp_path, setting):
    monkeypatch.setenv("KERASTUTOR_HUB_TRIAL", "ada")
    monkeypatch.setenv("KERASTUTOR_HUB_STATE", str(tmp_path / "state"))
    original = (CLASSROOM / "jupyterhub_config.py").read_text()
    edited = original.replace("CLASSROOM_SETTING: dict | None = None", f"CLASSROOM_SETTING = {setting}")
    assert edited != original
    config, path = Config(), str(CLASSROOM / "jupyterhub_config.py")
    namespace = {"get_config": lambda: config, "__file__": path}
    if "solution\"" in setting:
        with pytest.raises(SystemExit, match="must be a dict with the keys solutions, max_hints and session"):
            exec(compile(edited, path, "exec"), namespace)
    else:
        exec(compile(edited, path, "exec"), namespace)
        assert json.loads(config.Spawner.environment["KERASTUTOR_CLASSROOM"]) == {
            "solutions": False, "max_hints": 2, "session": "the Friday quiz"}
