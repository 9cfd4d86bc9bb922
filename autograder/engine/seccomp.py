"""A seccomp filter the sandboxed child installs on itself before it loads student code.

Why: resource limits alone do not stop a root-owned child from forking
(RLIMIT_NPROC is not enforced for root), and bubblewrap may be missing. The
filter makes these system calls fail with EPERM:

- new processes: fork, vfork, clone without CLONE_THREAD (threads stay allowed,
  NumPy may use them), execve, execveat; clone3 answers ENOSYS so the C library
  falls back to clone;
- signals to anyone but itself: kill, tkill, tgkill, pidfd_send_signal;
- reaching other processes: ptrace, process_vm_readv/writev;
- networking: socket() for any family but AF_UNIX.

Foreign-architecture system calls (the i386 and x32 ABIs) kill the process.
Runs in the child: standard library only. Supports x86_64 and aarch64; on
other machines :func:`install` returns False and the engine says so.
"""
from __future__ import annotations

import ctypes
import errno
import os
import platform
import struct

# BPF opcodes and seccomp return values (linux/filter.h, linux/seccomp.h)
LD_ABS_W, JEQ, JGE, JSET, RET = 0x20, 0x15, 0x35, 0x45, 0x06
ALLOW = 0x7FFF0000
KILL = 0x80000000
CLONE_THREAD = 0x00010000
AF_UNIX = 1
OFF_NR, OFF_ARCH, OFF_ARG0 = 0, 4, 16   # struct seccomp_data: nr, arch, ip, args[6]


def _errno(code: int) -> int:
    return 0x00050000 | code


TABLES = {
    # machine: (audit arch, always denied, clone, clone3, kill, tkill, tgkill, socket)
    "x86_64": (0xC000003E,
               {57: "fork", 58: "vfork", 59: "execve", 322: "execveat", 101: "ptrace",
                310: "process_vm_readv", 311: "process_vm_writev", 424: "pidfd_send_signal",
                200: "tkill"},
               56, 435, 62, 200, 234, 41),
    "aarch64": (0xC00000B7,
                {221: "execve", 281: "execveat", 117: "ptrace", 270: "process_vm_readv",
                 271: "process_vm_writev", 424: "pidfd_send_signal", 130: "tkill"},
                220, 435, 129, 130, 131, 198),
}


def build(pid: int, machine: str | None = None) -> bytes:
    """The BPF program for this machine, as the bytes of a sock_filter array."""
    arch, denied, clone, clone3, kill, _tkill, tgkill, sock = TABLES[machine or platform.machine()]
    prog: list[tuple[int, int | str, int | str, int]] = []   # (code, jt, jf, k); jumps to labels
    labels: dict[str, int] = {}

    def op(code, k=0, jt=0, jf=0):
        prog.append((code, jt, jf, k))

    def label(name):
        labels[name] = len(prog)

    op(LD_ABS_W, OFF_ARCH)
    op(JEQ, arch, 1, 0)
    op(RET, KILL)
    op(LD_ABS_W, OFF_NR)
    if machine == "x86_64" or (machine is None and platform.machine() == "x86_64"):
        op(JGE, 0x40000000, "deny", 0)          # the x32 ABI
    for nr in sorted(denied):
        op(JEQ, nr, "deny", 0)
    op(JEQ, clone3, "nosys", 0)
    op(JEQ, clone, "clone", 0)
    op(JEQ, kill, "self", 0)
    op(JEQ, tgkill, "self", 0)
    op(JEQ, sock, "socket", 0)
    op(RET, ALLOW)
    label("clone")
    op(LD_ABS_W, OFF_ARG0)
    op(JSET, CLONE_THREAD, "allow", "deny")
    label("self")                               # kill(pid, sig) / tgkill(tgid, tid, sig): only itself
    op(LD_ABS_W, OFF_ARG0)
    op(JEQ, pid, "allow", "deny")
    label("socket")
    op(LD_ABS_W, OFF_ARG0)
    op(JEQ, AF_UNIX, "allow", "deny")
    label("allow")
    op(RET, ALLOW)
    label("deny")
    op(RET, _errno(errno.EPERM))
    label("nosys")
    op(RET, _errno(errno.ENOSYS))

    out = bytearray()
    for i, (code, jt, jf, k) in enumerate(prog):
        jt = labels[jt] - i - 1 if isinstance(jt, str) else jt
        jf = labels[jf] - i - 1 if isinstance(jf, str) else jf
        assert 0 <= jt < 256 and 0 <= jf < 256
        out += struct.pack("=HBBI", code, jt, jf, k)
    return bytes(out)


def install() -> bool:
    """Apply the filter to the calling process (irreversible). False if unsupported."""
    if platform.machine() not in TABLES:
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    program = build(os.getpid())
    buf = ctypes.create_string_buffer(program, len(program))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(program) // 8, ctypes.cast(buf, ctypes.c_void_p))
    PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        return False
    return True
