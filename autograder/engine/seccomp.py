"""The seccomp filter a sandboxed child installs on itself before any student code exists in it.

An allowlist: a system call the child is not known to need fails with EPERM
(``clone3`` with ENOSYS, so the C library falls back to ``clone``), whatever
it is -- io_uring, keyrings, SysV IPC, bpf, perf events, mounts and
namespaces included, and the ones a future kernel adds. What a child may do:

- read files it can see, map memory, use threads (``clone`` with
  ``CLONE_THREAD`` and no namespace flag), wait on futexes, read clocks,
  sleep, take signals, ask for random bytes;
- talk on the sockets it already holds (its channel to the grader): send,
  receive, poll -- but ``socket``, ``socketpair``, ``connect``, ``bind`` are
  not on the list, so it cannot open a new connection of any kind;
- signal itself only: ``kill`` and ``tgkill`` are allowed when their first
  argument is the child's own pid (1: every child is alone in its PID
  namespace), which is what ``raise()``/``os.kill(os.getpid(), ...)`` do;
  ``prlimit64`` only on itself (pid 0); ``fcntl`` and ``ioctl`` but for the
  commands that would have the kernel signal another process (F_SETOWN,
  F_SETOWN_EX, F_SETSIG, F_SETLEASE, F_NOTIFY; FIOSETOWN, SIOCSPGRP, FIOASYNC)
  or push input into a terminal (TIOCSTI).

Everything else -- fork, exec, ptrace, process_vm_*, pidfd_*, io_uring_*,
socket, mount, unshare, setns, keyctl, shmget, ... -- fails. Foreign-ABI calls
(i386, x32) kill the process. The tables were observed with ``strace -f`` on
every week's reference, stubs and mistake catalogue (docs/architecture.md,
"The sandbox"), plus the harmless calls an honest submission may add
(threads, sleeps, ``print``). Runs in the child: standard library only.
Supports x86_64 and aarch64; elsewhere :func:`install` raises, and no student
code runs.
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
KILL_PROCESS = 0x80000000
CLONE_THREAD = 0x00010000
CLONE_NEW_NAMESPACES = 0x7E020080   # NEWNS NEWCGROUP NEWUTS NEWIPC NEWUSER NEWPID NEWNET (and NEWTIME)
OFF_NR, OFF_ARCH, OFF_ARG0, OFF_ARG1 = 0, 4, 16, 24   # struct seccomp_data: nr, arch, ip, args[6] (64-bit each)
# commands of fcntl and ioctl (second argument) that make the kernel signal a process the caller names, or
# inject terminal input: a child could otherwise reach processes kill() may not (linux/fcntl.h, asm/ioctls.h)
FCNTL_DENIED = (8, 10, 15, 1024, 1026)                  # F_SETOWN F_SETSIG F_SETOWN_EX F_SETLEASE F_NOTIFY
IOCTL_DENIED = (0x8901, 0x8902, 0x5452, 0x5412)          # FIOSETOWN SIOCSPGRP FIOASYNC TIOCSTI

# Allowed as they are, by name (numbers below). Kept short on purpose: each one is needed by CPython,
# NumPy or an honest submission, and none reaches another process, the network or the file system's
# contents beyond reading what the sandbox shows.
ALLOWED = (
    "read write readv writev pread64 pwrite64 preadv pwritev close close_range lseek "
    "fstat newfstatat stat lstat statx fstatfs statfs access faccessat faccessat2 readlink readlinkat getcwd "
    "getdents64 open openat openat2 dup dup2 dup3 pipe pipe2 "
    "mmap munmap mprotect mremap madvise brk msync mincore "
    "rt_sigaction rt_sigprocmask rt_sigreturn rt_sigpending rt_sigsuspend rt_sigtimedwait sigaltstack pause alarm "
    "getitimer setitimer futex futex_waitv set_robust_list get_robust_list rseq sched_yield sched_getaffinity "
    "sched_getparam sched_getscheduler set_tid_address arch_prctl membarrier "
    "clock_gettime clock_getres clock_nanosleep nanosleep gettimeofday time "
    "getpid gettid getppid getuid geteuid getgid getegid getresuid getresgid getgroups getpgid getpgrp getsid "
    "getpriority exit exit_group restart_syscall getrandom uname sysinfo getrlimit getrusage times umask "
    "recvfrom sendto recvmsg sendmsg poll ppoll select pselect6 getsockopt getsockname getpeername shutdown"
).split()

# System call numbers: arch/x86/entry/syscalls/syscall_64.tbl and include/uapi/asm-generic/unistd.h
# (aarch64) of the Linux sources; a name missing from an architecture's table does not exist there.
NUMBERS = {
    "x86_64": dict(
        audit_arch=0xC000003E,
        read=0, write=1, readv=19, writev=20, pread64=17, pwrite64=18, preadv=295, pwritev=296, close=3,
        close_range=436, lseek=8, fstat=5, newfstatat=262, stat=4, lstat=6, statx=332, fstatfs=138, statfs=137,
        access=21, faccessat=269, faccessat2=439, readlink=89, readlinkat=267, getcwd=79, getdents64=217, open=2,
        openat=257, openat2=437, fcntl=72, dup=32, dup2=33, dup3=292, pipe=22, pipe2=293, ioctl=16, mmap=9,
        munmap=11, mprotect=10, mremap=25, madvise=28, brk=12, msync=26, mincore=27, rt_sigaction=13,
        rt_sigprocmask=14, rt_sigreturn=15, rt_sigpending=127, rt_sigsuspend=130, rt_sigtimedwait=128,
        sigaltstack=131, pause=34, alarm=37, getitimer=36, setitimer=38, futex=202, futex_waitv=449,
        set_robust_list=273, get_robust_list=274, rseq=334, sched_yield=24, sched_getaffinity=204,
        sched_getparam=143, sched_getscheduler=145, set_tid_address=218, arch_prctl=158, membarrier=324,
        clock_gettime=228, clock_getres=229, clock_nanosleep=230, nanosleep=35, gettimeofday=96, time=201,
        getpid=39, gettid=186, getppid=110, getuid=102, geteuid=107, getgid=104, getegid=108, getresuid=118,
        getresgid=120, getgroups=115, getpgid=121, getpgrp=111, getsid=124, getpriority=140, exit=60,
        exit_group=231, restart_syscall=219, getrandom=318, uname=63, sysinfo=99, getrlimit=97, prlimit64=302,
        getrusage=98, times=100, umask=95, recvfrom=45, sendto=44, recvmsg=47, sendmsg=46, poll=7, ppoll=271,
        select=23, pselect6=270, getsockopt=55, getsockname=51, getpeername=52, shutdown=48,
        clone=56, clone3=435, kill=62, tgkill=234),
    "aarch64": dict(
        audit_arch=0xC00000B7,
        read=63, write=64, readv=65, writev=66, pread64=67, pwrite64=68, preadv=69, pwritev=70, close=57,
        close_range=436, lseek=62, fstat=80, newfstatat=79, statx=291, fstatfs=44, statfs=43, faccessat=48,
        faccessat2=439, readlinkat=78, getcwd=17, getdents64=61, openat=56, openat2=437, fcntl=25, dup=23,
        dup3=24, pipe2=59, ioctl=29, mmap=222, munmap=215, mprotect=226, mremap=216, madvise=233, brk=214,
        msync=227, mincore=232, rt_sigaction=134, rt_sigprocmask=135, rt_sigreturn=139, rt_sigpending=136,
        rt_sigsuspend=133, rt_sigtimedwait=137, sigaltstack=132, getitimer=102, setitimer=103, futex=98,
        futex_waitv=449, set_robust_list=99, get_robust_list=100, rseq=293, sched_yield=124,
        sched_getaffinity=123, sched_getparam=121, sched_getscheduler=120, set_tid_address=96, membarrier=283,
        clock_gettime=113, clock_getres=114, clock_nanosleep=115, nanosleep=101, gettimeofday=169, getpid=172,
        gettid=178, getppid=173, getuid=174, geteuid=175, getgid=176, getegid=177, getresuid=148,
        getresgid=150, getgroups=158, getpgid=155, getsid=156, getpriority=141, exit=93, exit_group=94,
        restart_syscall=128, getrandom=278, uname=160, sysinfo=179, getrlimit=163, prlimit64=261,
        getrusage=165, times=153, umask=166, recvfrom=207, sendto=206, recvmsg=212, sendmsg=211, ppoll=73,
        pselect6=72, getsockopt=209, getsockname=204, getpeername=205, shutdown=210,
        clone=220, clone3=435, kill=129, tgkill=131),
}


class SeccompError(RuntimeError):
    """The filter could not be built or installed: no student code may run."""


def _errno(code: int) -> int:
    return 0x00050000 | code


def build(own_pid: int, machine: str | None = None) -> bytes:
    """The BPF program for ``machine`` (default: this one), as the bytes of a sock_filter array."""
    machine = machine or platform.machine()
    if machine not in NUMBERS:
        raise SeccompError(f"no system call table for {machine}")
    nr = NUMBERS[machine]
    allowed = sorted({nr[name] for name in ALLOWED if name in nr})
    prog: list[tuple[int, int | str, int | str, int]] = []   # (code, jt, jf, k); jumps may name labels
    labels: dict[str, int] = {}

    def op(code, k=0, jt=0, jf=0):
        prog.append((code, jt, jf, k))

    def label(name):
        labels[name] = len(prog)

    op(LD_ABS_W, OFF_ARCH)
    op(JEQ, nr["audit_arch"], 1, 0)
    op(RET, KILL_PROCESS)                        # a foreign ABI (i386, x32 numbering) is never legitimate
    op(LD_ABS_W, OFF_NR)
    if machine == "x86_64":
        op(JGE, 0x40000000, "deny", 0)          # the x32 ABI's numbers
    for number in allowed:
        op(JEQ, number, "allow", 0)
    op(JEQ, nr["clone"], "clone", 0)
    op(JEQ, nr["clone3"], "nosys", 0)
    op(JEQ, nr["kill"], "self", 0)
    op(JEQ, nr["tgkill"], "self", 0)
    op(JEQ, nr["prlimit64"], "pid0", 0)
    op(JEQ, nr["fcntl"], "fcntl", 0)
    op(JEQ, nr["ioctl"], "ioctl", 0)
    op(JGE, 0, "deny", "deny")                  # everything else
    label("pid0")                               # prlimit64(pid, ...): pid 0, itself
    op(LD_ABS_W, OFF_ARG0)
    op(JEQ, 0, "allow", "deny")
    label("fcntl")                              # fcntl(fd, cmd, ...) and ioctl(fd, request, ...): not the commands
    op(LD_ABS_W, OFF_ARG1)                      # that reach another process
    for cmd in FCNTL_DENIED:
        op(JEQ, cmd, "deny", 0)
    op(JGE, 0, "allow", "allow")
    label("ioctl")
    op(LD_ABS_W, OFF_ARG1)
    for cmd in IOCTL_DENIED:
        op(JEQ, cmd, "deny", 0)
    op(JGE, 0, "allow", "allow")
    label("clone")                              # threads only: CLONE_THREAD set, no namespace flag
    op(LD_ABS_W, OFF_ARG0)
    op(JSET, CLONE_NEW_NAMESPACES, "deny", 0)
    op(JSET, CLONE_THREAD, "allow", "deny")
    label("self")                               # kill(pid, sig) / tgkill(tgid, tid, sig): only itself
    op(LD_ABS_W, OFF_ARG0)
    op(JEQ, own_pid, "allow", "deny")
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
        if not (0 <= jt < 256 and 0 <= jf < 256):
            raise SeccompError("a jump of the filter does not fit in 8 bits")
        out += struct.pack("=HBBI", code, jt, jf, k)
    return bytes(out)


def install(program: bytes | None = None) -> None:
    """Apply the filter (``program``: one :func:`build` made for this process's pid) to the calling process,
    irreversibly; raises :class:`SeccompError` if it cannot."""
    program = program or build(os.getpid())
    libc = ctypes.CDLL(None, use_errno=True)
    buf = ctypes.create_string_buffer(program, len(program))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(program) // 8, ctypes.cast(buf, ctypes.c_void_p))
    PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise SeccompError(f"prctl(PR_SET_NO_NEW_PRIVS) failed: {os.strerror(ctypes.get_errno())}")
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        raise SeccompError(f"installing the seccomp filter failed: {os.strerror(ctypes.get_errno())}")
