"""The learners' servers of a one-machine class: the curriculum synced in, memory capped, nothing left over.

``KerastutorSpawner`` starts each learner's Jupyter server in a home folder of its
own (``home_dir_template``). Before the server starts, ``kerastutor start
--copy-only`` copies or updates the lessons into ``~/kerastutor-notebooks``: a lesson
the learner edited is never overwritten. The server and its kernels run in a memory
cgroup limited to ``mem_limit`` (see :mod:`memory_cgroup`), and when the server
stops, any kernel it left behind is stopped too.

All learners' servers run as the hub's own system user (JupyterHub's
``SimpleLocalProcessSpawner``): they are separated by folder and memory, not by
permissions. For learners who must not reach each other's files, give each a system
user (``LocalProcessSpawner`` with PAM) or use ``SystemdSpawner`` or Kubernetes.
"""

from __future__ import annotations

import asyncio
import hashlib
import sys
from pathlib import Path

import memory_cgroup
import psutil
from jupyterhub.spawner import SimpleLocalProcessSpawner
from traitlets import Unicode

WORKSPACE = "kerastutor-notebooks"
SYNC_TIMEOUT_S = 120


class WorkspaceNotReady(RuntimeError):
    """The lessons could not be copied into a learner's folder (the hub shows this to the learner)."""


class KerastutorSpawner(SimpleLocalProcessSpawner):
    """A learner's server with the lessons synced into ``~/kerastutor-notebooks`` and memory capped."""

    workspace = Unicode(WORKSPACE, config=True, help="The lessons' folder, inside the learner's home.")

    _hierarchy: memory_cgroup.Hierarchy | None = None
    _cgroup: Path | None = None

    def workspace_dir(self) -> Path:
        """The learner's copy of the curriculum."""
        return Path(self.home_dir) / self.workspace

    async def sync_workspace(self) -> str:
        """Run ``kerastutor start --copy-only`` for this learner; returns what it said, raises
        :class:`WorkspaceNotReady` with its message when it failed."""
        Path(self.home_dir).mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "kerastutor", "start", "--copy-only",
                   "--dir", str(self.workspace_dir())]
        environment = {**self.get_env(), "HOME": self.home_dir}
        process = await asyncio.create_subprocess_exec(*command, cwd=self.home_dir, env=environment,
                                                       stdout=asyncio.subprocess.PIPE,
                                                       stderr=asyncio.subprocess.STDOUT)
        try:
            output, _ = await asyncio.wait_for(process.communicate(), SYNC_TIMEOUT_S)
        except asyncio.TimeoutError:
            process.kill()
            await process.wait()
            raise WorkspaceNotReady(f"copying the lessons into {self.workspace_dir()} took more than "
                                    f"{SYNC_TIMEOUT_S} s; ask your teacher to read the hub's log") from None
        said = output.decode(errors="replace").strip()
        if process.returncode != 0:
            raise WorkspaceNotReady(f"the lessons could not be copied into your folder: {said}")
        return said

    def cgroup_name(self) -> str:
        """The learner's cgroup: their name and their home folder's digest, so that two hubs on one
        machine (a trial and a class, or tests) never share a learner's cgroup."""
        return f"{self.user.name}-{hashlib.sha256(self.home_dir.encode()).hexdigest()[:12]}"

    def _memory_cgroup(self) -> Path | None:
        """This learner's cgroup with the memory limit, or None when there is no limit or it cannot be
        enforced here (the hub's log says why at start)."""
        if not self.mem_limit:
            return None
        if KerastutorSpawner._hierarchy is None:
            KerastutorSpawner._hierarchy = memory_cgroup.find_hierarchy()
        if memory_cgroup.probe(KerastutorSpawner._hierarchy) is not None:
            return None
        return memory_cgroup.learner_cgroup(KerastutorSpawner._hierarchy, self.cgroup_name(),
                                            int(self.mem_limit))

    def make_preexec_fn(self, name):
        """Enter the learner's memory cgroup (in the new process, before it runs the server)."""
        enter_home = super().make_preexec_fn(name)
        cgroup = self._cgroup

        def preexec() -> None:
            if cgroup is not None:
                memory_cgroup.join(cgroup)
            enter_home()

        return preexec

    async def start(self):
        """Sync the lessons, then start the server in the learner's memory cgroup."""
        said = await self.sync_workspace()
        self.log.info("kerastutor for %s: %s", self.user.name, said.replace("\n", " "))
        self._cgroup = self._memory_cgroup()
        if self._cgroup is not None:
            self.log.info("%s's server runs with a memory limit of %d MB (%s)", self.user.name,
                          int(self.mem_limit) // 2**20, self._cgroup)
        return await super().start()

    async def stop(self, now=False):
        """Stop the server, then any process it left behind (kernels), and remove its cgroup."""
        left = self._descendants()
        await super().stop(now=now)
        for process in left:
            try:
                if process.is_running():
                    self.log.info("Stopping %s's leftover process %d", self.user.name, process.pid)
                    process.kill()
            except psutil.Error:
                pass
        await asyncio.to_thread(psutil.wait_procs, left, timeout=5)  # the hub goes on serving meanwhile
        cgroup = self._cgroup or self._known_cgroup()
        if cgroup is not None:
            await asyncio.to_thread(memory_cgroup.empty_and_remove, cgroup)
        self._cgroup = None

    def _descendants(self) -> list[psutil.Process]:
        if not self.pid:
            return []
        try:
            return psutil.Process(self.pid).children(recursive=True)
        except psutil.Error:
            return []

    def _known_cgroup(self) -> Path | None:
        """The learner's cgroup from an earlier hub run (after a hub restart), when it exists."""
        hierarchy = KerastutorSpawner._hierarchy or memory_cgroup.find_hierarchy()
        if hierarchy is None:
            return None
        path = memory_cgroup.learner_folder(hierarchy, self.cgroup_name())
        return path if path.is_dir() else None
