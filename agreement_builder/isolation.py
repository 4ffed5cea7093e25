"""Work on a user's own templates runs in a child process with a ceiling on memory and time.

Jinja's sandbox stops a template reaching outside it, and library/sandbox.py
bounds its loops, but a template can still ask a filter for a gigabyte
(`"a"|center(10**9)`) or double a string forty times over. Rendering a
user's clause folder or Word template therefore happens in a forked child
whose address space and CPU time are capped; whatever it does, the parent
gets the result, the library error it raised, or a message saying which
limit it hit. Built-in templates, which are ours, render in-process.
"""
from __future__ import annotations

import multiprocessing
import os
import pickle
import traceback
from typing import Any, Callable

from . import errors

MAX_MEMORY_BYTES = 2 * 1024 ** 3  # the child's whole address space, the libraries' share included
MAX_CPU_SECONDS = 120
MAX_WALL_SECONDS = 300


class LimitExceeded(errors.RenderError):
    """A user's template needed more memory or time than a render may have."""


def run_limited(what: str, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`func(*args, **kwargs)` in a child process under the limits above; `what` names the user's
    templates in a message ("your clause folder mine/"). Runs in-process where there is no fork."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return func(*args, **kwargs)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, func, args, kwargs), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(MAX_WALL_SECONDS):
            raise LimitExceeded(f"{what} took more than {MAX_WALL_SECONDS} seconds to render",
                                hint="look for loops or filters that make very large text")
        outcome, payload = pickle.loads(receive.recv_bytes())
    except EOFError:  # the child died without a word: killed at its memory or CPU ceiling
        child.join(5)
        raise LimitExceeded(f"{what} needed more than {MAX_MEMORY_BYTES // 1024 ** 3} GB of memory or "
                            f"{MAX_CPU_SECONDS} seconds of work to render",
                            hint="look for loops or filters that make very large text") from None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if outcome == "result":
        return payload
    if outcome == "error":
        name, message, file, field, hint = payload
        cls = getattr(errors, name, errors.RenderError)
        if not (isinstance(cls, type) and issubclass(cls, errors.AgreementBuilderError)) or cls.__init__ is not \
                errors.AgreementBuilderError.__init__:
            cls = errors.RenderError
        raise cls(message, file=file, field=field, hint=hint)
    if outcome == "memory":
        raise LimitExceeded(f"{what} needed more than {MAX_MEMORY_BYTES // 1024 ** 3} GB of memory to render",
                            hint="look for loops or filters that make very large text")
    raise RuntimeError(f"rendering failed in its child process:\n{payload}")  # a bug: say where


def _child(send, func: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MAX_MEMORY_BYTES, MAX_MEMORY_BYTES))
        resource.setrlimit(resource.RLIMIT_CPU, (MAX_CPU_SECONDS, MAX_CPU_SECONDS + 5))
    except (ImportError, ValueError, OSError):
        pass  # a system that cannot set them still has the sandbox's own limits
    try:
        message = ("result", func(*args, **kwargs))
    except errors.AgreementBuilderError as exc:
        message = ("error", (type(exc).__name__, exc.message, str(exc.file) if exc.file else None, exc.field,
                             exc.hint))
    except MemoryError:
        message = ("memory", None)
    except BaseException:  # noqa: BLE001 - a bug in the child: its traceback goes to the parent
        message = ("bug", traceback.format_exc())
    try:
        send.send_bytes(pickle.dumps(message))
    except MemoryError:
        send.send_bytes(pickle.dumps(("memory", None)))
    finally:
        send.close()
        os._exit(0)  # no cleanup the parent's objects would see twice (atexit, temp files)
