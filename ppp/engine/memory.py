"""Keep the memory a batch frees for the next batch (glibc's allocator only; elsewhere nothing changes).

A batch of 10,000 scenarios × 25 periods fills some fifty ``(S, N)`` arrays of 2 MB each. By default glibc
serves blocks that large with a fresh ``mmap`` and gives freed memory at the top of the heap back to the
operating system as soon as a few MB are free, so every batch writes to new pages that the kernel has to
map and zero first. Measured on the development machine, that page-faulting cost about 0.4 ms per 1 MB
array: more than the arithmetic on it, and half the time of a Monte Carlo chunk. Two allocator settings
make a freed array's memory serve the next one instead:

- ``M_MMAP_THRESHOLD`` (32 MB): blocks below it come from the heap, where freed blocks are reused;
- ``M_TRIM_THRESHOLD`` (256 MB): up to that much free memory stays in the process instead of being
  returned after every batch.

The numbers do not change (only where the arrays live), the memory the process keeps is bounded by the
trim threshold, and a process that never evaluates a large batch never calls this.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

#: blocks of this size and larger are still mapped on their own (and returned when freed)
MMAP_THRESHOLD_BYTES = 32 * 1024 * 1024
#: free memory the heap keeps for reuse before it gives the rest back to the operating system
TRIM_THRESHOLD_BYTES = 256 * 1024 * 1024

# mallopt parameter numbers from glibc's <malloc.h>
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3

_state = {"applied": False}


def keep_freed_memory() -> bool:
    """Set glibc's thresholds (module docstring) once per process; True where they are in effect.

    Returns False, changing nothing, on a C library without ``mallopt`` (macOS, Windows, musl).

    Examples
    --------
    >>> keep_freed_memory() in (True, False)
    True
    """
    if _state["applied"]:
        return True
    if not sys.platform.startswith("linux"):
        return False
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    applied = bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)) and bool(
        mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)
    )
    _state["applied"] = applied
    return applied
