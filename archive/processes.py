"""Which process is which: a process named by its pid and start time, so a reused pid is not taken for it.

The index writer's lock and a crawl's RUNNING marker each record their owner this way; a later run
takes over from an owner that is gone (killed, crashed) instead of waiting for it. A child process (an
index writer, a search worker, a memory build) dies with its parent; a pool worker, forked by a fork server
rather than by the process it works for, dies with that process.
"""

from __future__ import annotations

import ctypes
import os
import select
import signal
import sys
import threading
import time
from pathlib import Path

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (field 22 of /proc/PID/stat); None when it is gone
    or a zombie; "" where /proc is not there."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None if Path("/proc/self").exists() else ""
    except OSError:
        return ""
    fields = stat[stat.rindex(")") + 2 :].split()  # the command name in (…) may hold spaces
    return None if fields[0] in ("Z", "X") else fields[19]


def identity(pid: int | None = None) -> str:
    """ "PID START": what an owner record holds (this process by default)."""
    pid = os.getpid() if pid is None else pid
    return f"{pid} {start_time(pid) or ''}".strip()


def alive(owner: str) -> bool:
    """Whether the process an owner record ("PID START", or an older "PID") names still runs."""
    pid_text, _, started = owner.strip().partition(" ")
    try:
        pid = int(pid_text)
    except ValueError:
        return False  # an empty or torn record: nobody
    now = start_time(pid)
    if now == "":  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return now is not None and (not started or now == started)


def die_with_parent(parent: int) -> None:
    """Called first in a child (an index writer, a search worker, a memory build): the kernel kills it when
    its parent dies (Linux PR_SET_PDEATHSIG), and a parent already gone before that call makes it exit now.
    Elsewhere the lock takeover covers an index writer's orphans."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def die_with(pid: int) -> None:
    """Called first in a pool worker whose parent is a fork server, not the process it works for (`pid`),
    so the kernel's parent-death signal cannot cover it: a thread ends the worker the moment that process
    ends (killed, crashed), instead of leaving it blocked on a queue nobody feeds. It waits on the process's
    pidfd (Linux 5.3+), else checks once a second; a process already gone ends the worker now."""
    owner = identity(pid)
    try:
        handle: int | None = os.pidfd_open(pid)
    except (AttributeError, OSError):  # no pidfd here, or the process is gone
        handle = None

    def watch() -> None:
        if handle is not None:
            select.select([handle], [], [])
        else:
            while alive(owner):
                time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name=f"die-with-{pid}", daemon=True).start()
