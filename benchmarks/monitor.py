"""Run a command and measure its wall time and the memory of its whole process tree.

Three memory figures, because no single one tells the whole story:

- ``tree_rss_mb``: the largest sum of RSS over the tree seen by the sampler
  (an upper bound: pages shared between the zygote and its forked children
  are counted once per process);
- ``tree_pss_mb``: the largest sum of PSS (``/proc/<pid>/smaps_rollup``),
  shared pages split between the processes that share them -- the memory
  the tree really occupies;
- ``max_process_mb``: the largest peak RSS of any single process of the
  tree: ``ru_maxrss`` from ``wait4`` (the kernel's figure over every waited-for
  descendant) and the ``VmHWM`` high-water marks the sampler read.

CPU: ``wait4`` reports only waited-for processes, and the sandbox's
processes (inside bubblewrap's PID namespace, ended with SIGKILL) are not
waited for by anyone who reports upward; ``cpu_sampled`` adds up the last
utime + stime the sampler saw for every process of the tree (a lower bound
that misses at most one interval per process). Use the larger of the two.

The sampler walks /proc every ``interval`` seconds (0.1 s costs < 1 % of a
core here); a process that lives shorter than that may be missed by the
sums but not by ``ru_maxrss``.
"""
from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass, field


TICK = os.sysconf("SC_CLK_TCK")


def _children_map(cpu: dict[int, int] | None = None) -> dict[int, list[int]]:
    """ppid -> pids; fills ``cpu`` with pid -> utime + stime (clock ticks) when given."""
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # the command name may hold spaces and parentheses: the fields start after the last ')'
        fields = stat[stat.rfind(b")") + 2:].split()
        kids.setdefault(int(fields[1]), []).append(int(entry))
        if cpu is not None:
            cpu[int(entry)] = int(fields[11]) + int(fields[12])
    return kids


def tree(root: int, cpu: dict[int, int] | None = None) -> list[int]:
    kids = _children_map(cpu)
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out


def _status_kb(pid: int) -> tuple[int, int]:
    rss = hwm = 0
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
    return rss, hwm


ROLES = (("autograder.engine.worker", "worker"), ("autograder.cli", "runner"), ("child.py", "sandbox"),
         ("bwrap", "sandbox"), ("ipykernel", "kernel"), ("nbgrader", "nbgrader"))


def role(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            cmd = fh.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "other"
    return next((name for key, name in ROLES if key in cmd), "other")


def _pss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/smaps_rollup") as fh:
        for line in fh:
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


@dataclass
class Measurement:
    command: list[str]
    returncode: int = 0
    wall: float = 0.0
    user: float = 0.0               # CPU of the tree (waited-for processes)
    sys: float = 0.0
    cpu_sampled: float = 0.0        # sum over every process seen of its last sampled utime + stime
    tree_rss_kb: int = 0
    tree_pss_kb: int = 0
    max_hwm_kb: int = 0
    maxrss_kb: int = 0
    max_processes: int = 0
    role_hwm_kb: dict = field(default_factory=dict)   # role (runner, worker, sandbox, kernel...) -> peak RSS
    samples: int = 0
    stdout: str = ""
    stderr: str = ""
    timeline: list = field(default_factory=list)   # (t, tree_pss_kb, processes) every sample

    def memory(self) -> dict:
        return {"tree_rss_mb": round(self.tree_rss_kb / 1024, 1), "tree_pss_mb": round(self.tree_pss_kb / 1024, 1),
                "max_process_mb": round(max(self.maxrss_kb, self.max_hwm_kb) / 1024, 1),
                "max_processes": self.max_processes,
                "peak_mb_by_role": {k: round(v / 1024, 1) for k, v in sorted(self.role_hwm_kb.items())}}


def run(command: list[str], *, env: dict | None = None, cwd: str | None = None, interval: float = 0.1,
        timeout: float | None = None) -> Measurement:
    """Run ``command`` to the end; stdout and stderr are captured to files (no pipe can fill up)."""
    m = Measurement(command=list(command))
    out_path = f"/tmp/bench-monitor-{os.getpid()}-{time.monotonic_ns()}"
    with open(out_path + ".out", "w+") as out, open(out_path + ".err", "w+") as err:
        t0 = time.monotonic()
        proc = subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        stop = threading.Event()
        seen_cpu: dict[int, int] = {}                 # pid -> the most CPU ticks seen
        roles: dict[int, str] = {}

        def sample() -> None:
            while not stop.is_set():
                rss_sum = pss_sum = n = 0
                ticks: dict[int, int] = {}
                members = tree(proc.pid, ticks)
                for pid in members:
                    seen_cpu[pid] = max(seen_cpu.get(pid, 0), ticks.get(pid, 0))
                for pid in members:
                    try:
                        rss, hwm = _status_kb(pid)
                        pss = _pss_kb(pid)
                    except (OSError, ValueError):
                        continue
                    n += 1
                    who = roles.setdefault(pid, role(pid))
                    m.role_hwm_kb[who] = max(m.role_hwm_kb.get(who, 0), hwm)
                    rss_sum += rss
                    pss_sum += pss
                    m.max_hwm_kb = max(m.max_hwm_kb, hwm)
                m.tree_rss_kb = max(m.tree_rss_kb, rss_sum)
                m.tree_pss_kb = max(m.tree_pss_kb, pss_sum)
                m.max_processes = max(m.max_processes, n)
                m.samples += 1
                m.timeline.append((round(time.monotonic() - t0, 2), pss_sum, n))
                stop.wait(interval)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        deadline = None if timeout is None else t0 + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if deadline is not None and time.monotonic() > deadline:
                proc.kill()
            time.sleep(0.02)
        m.wall = time.monotonic() - t0
        stop.set()
        sampler.join()
        m.cpu_sampled = sum(seen_cpu.values()) / TICK
        proc.returncode = m.returncode = os.waitstatus_to_exitcode(status)
        m.user, m.sys, m.maxrss_kb = usage.ru_utime, usage.ru_stime, usage.ru_maxrss
        out.seek(0)
        err.seek(0)
        m.stdout, m.stderr = out.read(), err.read()
    for suffix in (".out", ".err"):
        os.unlink(out_path + suffix)
    return m
