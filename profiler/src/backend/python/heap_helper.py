"""Heap helper of `profiler record --heap`, loaded as `sitecustomize` before the program runs.

Stdlib only. It starts tracemalloc, and writes a JSON report (an object census by type and
tracemalloc's in-use traces grouped by traceback) when the interpreter exits (atexit) or when
the profiler asks for one over a Unix socket (the recording stopped while the program runs).

It must not change what the program does: it restores PYTHONPATH and sys.path, removes its
environment variables, loads the sitecustomize it shadows (if any), prints nothing, and
catches its own errors (they go into the report; when none can be written, the profiler says so).
"""

import os
import sys


def _profiler_heap_setup():
    env = os.environ
    out = env.pop("PROFILER_PY_HEAP_OUT", None)
    request = env.pop("PROFILER_PY_HEAP_REQUEST", None)
    depth = env.pop("PROFILER_PY_HEAP_DEPTH", "32")
    env.pop("PROFILER_PY_HEAP_DIR", None)
    # This file's directory, whatever the environment says: it must never chain to itself.
    here = os.path.dirname(os.path.abspath(__file__))
    old_path = env.pop("PROFILER_PY_HEAP_PYTHONPATH", None)
    # Children of the program run without the helper: PYTHONPATH is as it was.
    if old_path is None:
        env.pop("PYTHONPATH", None)
    else:
        env["PYTHONPATH"] = old_path
    for entry in list(sys.path):
        if entry and os.path.abspath(entry) == here:
            sys.path.remove(entry)
            sys.path_importer_cache.pop(entry, None)
    if out:
        _start(out, request, depth, here)
    _chain_sitecustomize(here)


def _start(out, request, depth, here):
    try:
        depth = max(1, min(int(depth), 1000))
    except ValueError:
        depth = 32
    import tracemalloc

    tracemalloc.start(depth)
    import _thread

    # One report at a time: the exit waits for a report asked for just before it.
    lock = _thread.allocate_lock()
    state = {"pid": os.getpid(), "out": out, "depth": depth, "here": here, "written": False, "lock": lock}

    import atexit

    atexit.register(_profiler_heap_at_exit, state)
    if request:
        _thread.start_new_thread(_profiler_heap_wait_for_request, (state, request))


def _chain_sitecustomize(here):
    """Runs the sitecustomize that this one shadows, as site.py would have."""
    import importlib.machinery
    import importlib.util

    path = [p for p in sys.path if os.path.abspath(p or ".") != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", path)
    if spec is None or spec.loader is None:
        return
    # The import system takes sys.modules["sitecustomize"] as the result of this import: the
    # shadowed module replaces this one there, as if it had been imported directly.
    module = importlib.util.module_from_spec(spec)
    sys.modules["sitecustomize"] = module
    spec.loader.exec_module(module)


def _profiler_heap_wait_for_request(state, request):
    # Connects to the profiler's socket and blocks in recv() with the GIL released until the
    # profiler asks for a report (or goes away). _socket, not socket: a lighter import.
    import _socket

    try:
        sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        sock.connect(request)
        line = b""
        while not line.endswith(b"\n"):
            chunk = sock.recv(64)
            if not chunk:
                return
            line += chunk
    except OSError:
        return
    reply = b"done\n"
    if line.strip() == b"snapshot":
        try:
            with state["lock"]:
                _profiler_heap_write(state, "request")
        except BaseException as exc:  # noqa: BLE001 - the profiler reports it
            reply = ("error %r\n" % (exc,)).encode("utf-8", "replace")
    try:
        sock.sendall(reply)
        sock.close()
    except OSError:
        pass


def _profiler_heap_at_exit(state):
    if os.getpid() != state["pid"]:
        return  # a forked child: the report is the parent's
    with state["lock"]:
        if state["written"] or not os.path.isdir(os.path.dirname(state["out"])):
            return  # already reported on request, or the profiler is gone
        _profiler_heap_write(state, "exit")


def _profiler_heap_write(state, reason):
    import json

    report = {"version": 1, "reason": reason, "pid": os.getpid(), "python": sys.version.split()[0]}
    errors = []
    try:
        report["tracemalloc"] = _tracemalloc_report(state, stop=reason == "exit")
    except Exception as exc:  # noqa: BLE001 - reported, never raised into the program
        errors.append("tracemalloc: %r" % (exc,))
    try:
        report["census"] = _census()
    except Exception as exc:  # noqa: BLE001
        errors.append("census: %r" % (exc,))
    report["errors"] = errors
    tmp = state["out"] + ".tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(report, f)
        os.replace(tmp, state["out"])
        state["written"] = True
    except OSError:
        pass  # the profiler says that no report came; the program's stderr stays its own


MAX_TRACES = 5000


def _tracemalloc_report(state, stop):
    import tracemalloc

    if not tracemalloc.is_tracing():
        return {"tracing": False}
    snapshot = tracemalloc.take_snapshot()
    current, peak = tracemalloc.get_traced_memory()
    overhead = tracemalloc.get_tracemalloc_memory()
    if stop:
        tracemalloc.stop()  # at exit: the census runs faster untraced
    groups = _group_by_traceback(snapshot)
    skip = (tracemalloc.__file__, os.path.join(state["here"], ""))
    kept = []
    for frames, (size, count) in groups.items():
        if any(f[0].startswith(skip) for f in frames):
            continue  # tracemalloc's and the helper's own allocations
        kept.append((size, count, frames))
    kept.sort(key=lambda g: -g[0])
    rest = kept[MAX_TRACES:]
    names = _FunctionNames()
    traces = []
    for size, count, frames in kept[:MAX_TRACES]:
        # tracemalloc stores the most recent frame first: the report is root first.
        frames = [[f[0], f[1], names.lookup(f[0], f[1])] for f in reversed(frames)]
        traces.append({"size": size, "count": count, "frames": frames})
    return {
        "tracing": True,
        "depth": state["depth"],
        "current": current,
        "peak": peak,
        "overhead": overhead,
        "traces": traces,
        "other_size": sum(g[0] for g in rest),
        "other_count": sum(g[1] for g in rest),
        "other_traces": len(rest),
    }


def _group_by_traceback(snapshot):
    """{frames (most recent first): [bytes, blocks]}. Grouping the snapshot's raw traces in a
    dict is some 40x faster than Snapshot.statistics("traceback"), which builds a Traceback
    object per block; the public API is the fallback if the raw layout ever changes."""
    groups = {}
    raw = getattr(getattr(snapshot, "traces", None), "_traces", None)
    try:
        for trace in raw:
            frames = trace[2]
            entry = groups.get(frames)
            if entry is None:
                groups[frames] = [trace[1], 1]
            else:
                entry[0] += trace[1]
                entry[1] += 1
        return groups
    except (TypeError, IndexError):
        groups = {}
    for stat in snapshot.statistics("traceback"):
        frames = tuple((f.filename, f.lineno) for f in reversed(stat.traceback))
        groups[frames] = [stat.size, stat.count]
    return groups


class _FunctionNames:
    """The qualified name of the function around a line, from the file's source (ast)."""

    def __init__(self):
        self.files = {}

    def lookup(self, filename, lineno):
        spans = self.files.get(filename)
        if spans is None:
            spans = self.files[filename] = self._spans(filename)
        if spans is False:
            return None
        best = "<module>"
        best_size = None
        for start, end, name in spans:
            if start <= lineno <= end and (best_size is None or end - start < best_size):
                best, best_size = name, end - start
        return best

    @staticmethod
    def _spans(filename):
        import ast
        import linecache

        lines = linecache.getlines(filename)
        if not lines:
            return False
        try:
            tree = ast.parse("".join(lines), filename)
        except (SyntaxError, ValueError):
            return False
        spans = []

        def visit(node, prefix):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    name = prefix + child.name
                    start = min([child.lineno] + [d.lineno for d in child.decorator_list])
                    spans.append((start, child.end_lineno, name))
                    visit(child, name + ".<locals>.")
                elif isinstance(child, ast.ClassDef):
                    name = prefix + child.name
                    visit(child, name + ".")
                elif isinstance(child, ast.Lambda):
                    spans.append((child.lineno, child.end_lineno, prefix + "<lambda>"))
                    visit(child, prefix + "<lambda>.<locals>.")
                else:
                    visit(child, prefix)

        visit(tree, "")
        return spans


def _census():
    """Live objects by type: every object the garbage collector tracks, and the untracked
    objects they refer to directly (strings, numbers, tuples of atoms), each counted once."""
    import gc

    objects = gc.get_objects()
    getsizeof = sys.getsizeof
    is_tracked = gc.is_tracked
    get_referents = gc.get_referents
    counts = {}
    seen = set()
    skip = {id(objects), id(seen), id(counts)}

    def add(obj):
        kind = type(obj)
        entry = counts.get(kind)
        if entry is None:
            entry = counts[kind] = [0, 0]
        entry[0] += 1
        try:
            entry[1] += getsizeof(obj)
        except Exception:  # noqa: BLE001 - a broken __sizeof__ counts as 0 bytes
            pass

    for obj in objects:
        if id(obj) in skip:
            continue
        seen.add(id(obj))
        add(obj)
    tracked = len(seen)
    for obj in objects:
        if id(obj) in skip:
            continue
        for ref in get_referents(obj):
            if not is_tracked(ref) and id(ref) not in seen:
                seen.add(id(ref))
                add(ref)
    types = []
    for kind, (count, size) in counts.items():
        module = getattr(kind, "__module__", None) or "builtins"
        name = getattr(kind, "__qualname__", None) or getattr(kind, "__name__", "?")
        types.append([module + "." + name, module, count, size])
    types.sort(key=lambda t: (-t[3], t[0]))
    del objects
    return {"types": types, "tracked": tracked, "objects": len(seen)}


_profiler_heap_setup()
del _profiler_heap_setup
