"""JupyterHub for a class on ONE machine, with kerastutor's lessons in every learner's folder.

Start it (as root, so that the memory limit per learner can be enforced) from the repository:

    .venv/bin/jupyterhub -f classroom/jupyterhub_config.py

Every learner's server gets the curriculum through ``kerastutor start --copy-only`` (an update
never overwrites a lesson the learner edited) and opens JupyterLab at the welcome lesson. Idle
servers are stopped by jupyterhub-idle-culler. Each learner's server and kernels are limited to
MEMORY_LIMIT, enforced by a memory cgroup; where the machine cannot, the hub's log says so.

Everything the hub writes (its database, cookie secret, the learners' home folders) goes to
``classroom/state/`` (or the folder in $KERASTUTOR_HUB_STATE).

Trial mode, for a teacher trying the hub alone (``make classroom``): KERASTUTOR_HUB_TRIAL=ada,grace
lets those names log in with ANY password, on this machine only. Never use it for a class.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (JupyterHub provides get_config)

# ---- What a teacher chooses ------------------------------------------------------------------------------
PORT = 8000  # the address learners open: http://THIS-MACHINE:8000
MEMORY_LIMIT = "2G"  # per learner (server and kernels together), like a Binder session
# Servers idle for an hour are stopped (their kernels' memory freed; the learner's files stay). An hour,
# not Binder's 10 minutes: in a class a learner reads and thinks for long stretches, and a culled server
# loses the kernel's state (a trained model); one hour still frees the places of learners who left.
IDLE_TIMEOUT_S = 3600
TEACHER = os.environ.get("KERASTUTOR_HUB_TEACHER", "teacher")  # the hub's admin, who approves sign-ups
# A graded session: hide solution() and cap hints for every learner (kerastutor tells learners why).
# CLASSROOM_SETTING = {"solutions": False, "max_hints": 2, "session": "Friday's graded session"}
CLASSROOM_SETTING: dict | None = None
# Set in every learner's server and kernels. Measured with benchmarks/classroom_load.py --plain-kernels on
# 2 cores: each lesson-01 kernel peaks about 13 MB lower (712 MB, not 725), and 5 or 10 learners at once
# finished 16-29% sooner in 3 of 4 paired runs (fewer threads fighting over the cores; the 4th, with
# other work loading the machine, was 20% slower).
KERNEL_ENVIRONMENT = {
    "MALLOC_ARENA_MAX": "2",  # glibc keeps at most 2 malloc arenas per process instead of 8 per core
    "TF_NUM_INTRAOP_THREADS": "1",  # one learner's training does not take every core from the others
    "TF_NUM_INTEROP_THREADS": "1",
    "OMP_NUM_THREADS": "1",
}

# ---- The hub ---------------------------------------------------------------------------------------------
HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
STATE = Path(os.environ.get("KERASTUTOR_HUB_STATE") or HERE / "state").resolve()
TRIAL_LEARNERS = sorted({name.strip() for name in os.environ.get("KERASTUTOR_HUB_TRIAL", "").split(",")
                         if name.strip()})
sys.path.insert(0, str(HERE))
import memory_cgroup  # noqa: E402  (lives beside this file)
from kerastutor_spawner import KerastutorSpawner  # noqa: E402

STATE.mkdir(parents=True, exist_ok=True)
c.JupyterHub.bind_url = f"http://{'127.0.0.1' if TRIAL_LEARNERS else ''}:{PORT}"
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
if (BIN / "configurable-http-proxy").exists():  # make classroom-tools puts it there
    c.ConfigurableHTTPProxy.command = [str(BIN / "configurable-http-proxy")]
c.JupyterHub.cleanup_servers = True  # stopping the hub (Ctrl-C) stops every learner's server

# ---- The learners' servers -------------------------------------------------------------------------------
c.JupyterHub.spawner_class = KerastutorSpawner
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "homes" / "{username}")
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
if os.getuid() == 0:  # the servers run as the hub's user; Jupyter refuses root unless told
    c.Spawner.args = ["--allow-root"]
c.Spawner.default_url = "/lab/tree/kerastutor-notebooks/00_welcome.ipynb"
c.Spawner.mem_limit = MEMORY_LIMIT
c.Spawner.start_timeout = 180  # a class logging in at once on a small machine starts slowly
c.Spawner.http_timeout = 180
c.Spawner.environment = {
    **KERNEL_ENVIRONMENT,
    "KERASTUTOR_HOME": lambda spawner: str(Path(spawner.home_dir) / ".kerastutor"),  # progress file
}
if CLASSROOM_SETTING is not None:
    KNOWN_KEYS = {"solutions", "max_hints", "session"}
    if not isinstance(CLASSROOM_SETTING, dict) or set(CLASSROOM_SETTING) - KNOWN_KEYS:
        sys.exit(f"kerastutor classroom: CLASSROOM_SETTING in {__file__} must be a dict with the keys "
                 f"solutions, max_hints and session, not {CLASSROOM_SETTING!r}")
    c.Spawner.environment["KERASTUTOR_CLASSROOM"] = json.dumps(CLASSROOM_SETTING)

unenforced = memory_cgroup.probe(memory_cgroup.find_hierarchy())
if unenforced:
    print(f"kerastutor classroom: the {MEMORY_LIMIT} memory limit per learner is NOT enforced: {unenforced}.",
          file=sys.stderr, flush=True)

# ---- Idle servers culled ---------------------------------------------------------------------------------
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={IDLE_TIMEOUT_S}"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "description": "stop learners' servers idle for longer than IDLE_TIMEOUT_S",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]

# ---- Who may log in --------------------------------------------------------------------------------------
if TRIAL_LEARNERS:
    c.JupyterHub.authenticator_class = "dummy"
    c.Authenticator.allowed_users = set(TRIAL_LEARNERS)
    c.Authenticator.admin_users = set()
    print(f"kerastutor classroom: WARNING: trial mode: {', '.join(TRIAL_LEARNERS)} can log in with ANY "
          "password. Only for trying the hub on this machine; never for a class.",
          file=sys.stderr, flush=True)
else:
    # Real use: NativeAuthenticator (pip install jupyterhub-nativeauthenticator). Learners sign up at
    # /hub/signup; the teacher (sign up first as TEACHER) approves each at /hub/authorize.
    # To use the institution's accounts instead, replace this block by an OAuth authenticator
    # (pip install oauthenticator), e.g. GitHub:
    #   c.JupyterHub.authenticator_class = "github"
    #   c.GitHubOAuthenticator.oauth_callback_url = "https://HUB-ADDRESS/hub/oauth_callback"
    #   c.GitHubOAuthenticator.client_id = os.environ["GITHUB_CLIENT_ID"]
    #   c.GitHubOAuthenticator.client_secret = os.environ["GITHUB_CLIENT_SECRET"]
    #   c.GitHubOAuthenticator.allowed_organizations = {"your-school"}
    # (GenericOAuthenticator, AzureAdOAuthenticator, GoogleOAuthenticator work the same way.)
    if importlib.util.find_spec("nativeauthenticator") is None:
        sys.exit("kerastutor classroom: the hub logs learners in with NativeAuthenticator, which is not "
                 f"installed: run  {BIN / 'pip'} install jupyterhub-nativeauthenticator  (or use an OAuth "
                 f"authenticator: see {__file__}; for a trial on this machine only: make classroom).")
    import nativeauthenticator  # noqa: E402

    c.JupyterHub.authenticator_class = "native"
    c.JupyterHub.template_paths = [str(Path(nativeauthenticator.__file__).parent / "templates")]
    c.NativeAuthenticator.open_signup = False  # the teacher approves every account
    c.Authenticator.allow_all = True  # anyone the teacher approved
    c.Authenticator.admin_users = {TEACHER}
