"""Independent work on every core, with output that does not depend on how many cores did it.

`BRIEFING_WORKERS` sets the number of worker processes (default: the cores this process may use; 1 runs
everything in this process). Results always come back in the order of the inputs, and each piece of work
is a pure function of its input, so a build with 1 worker and one with 8 write the same bytes.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[1])  # the folder the briefing package is in


def worker_count() -> int:
    chosen = os.environ.get("BRIEFING_WORKERS", "").strip()
    if chosen.isdigit() and int(chosen) > 0:
        return int(chosen)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _start_method(fresh: bool) -> str:
    """fork is nearly free and shares what this process has loaded; it is only safe without other threads
    (`mkdocs serve` runs builds beside its server thread) and on Linux. `fresh` asks for clean workers
    (WeasyPrint's font machinery is not to be inherited half-initialised)."""
    if not fresh and sys.platform == "linux" and threading.active_count() == 1:
        return "fork"
    return "spawn"


@contextlib.contextmanager
def process_pool(size: int, *, fresh: bool = False) -> Iterator[multiprocessing.pool.Pool]:
    """A pool of `size` processes. Spawned workers import this package from where this process did: MkDocs
    puts the hook folder on sys.path only while it imports the hook file, and spawn copies sys.path."""
    context = multiprocessing.get_context(_start_method(fresh))
    added = _PACKAGE_ROOT not in sys.path
    if added:
        sys.path.insert(0, _PACKAGE_ROOT)
    try:
        pool = context.Pool(size)
    finally:
        if added:
            sys.path.remove(_PACKAGE_ROOT)
    try:
        yield pool
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()


def map_ordered(function: Callable[[T], R], items: Iterable[T], *, workers: int | None = None, fresh: bool = False) -> list[R]:
    """[function(item) for item in items], spread over worker processes when there is more than one item."""
    items = list(items)
    size = min(workers or worker_count(), len(items))
    if size <= 1:
        return [function(item) for item in items]
    with process_pool(size, fresh=fresh) as pool:
        return pool.map(function, items, chunksize=1)


def fill_missing(found: list, draw: Callable[[T], R], inputs: list[T]) -> list[R]:
    """found[i], or draw(inputs[i]) where found[i] is None: what a cache did not have, drawn on every core."""
    drawn = iter(map_ordered(draw, [item for item, hit in zip(inputs, found) if hit is None]))
    return [hit if hit is not None else next(drawn) for hit in found]


def render_maps(specs: list) -> list:
    """relmaps.render of every spec: the cached ones here, the others drawn in parallel and then cached."""
    from . import relmaps

    found = [relmaps.cached(spec) for spec in specs]
    return [hit if hit is not None else relmaps.remember(new)
            for hit, new in zip(found, fill_missing(found, relmaps.draw, specs))]
