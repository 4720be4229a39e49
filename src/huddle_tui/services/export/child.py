"""`_Child`: a forked child process and two pipes to it, carrying length-prefixed messages (bytes or JSON),
with a time limit on each answer. The export's use of it is in `parallel`."""

from __future__ import annotations

import contextlib
import io
import os
import select
import signal
import sys
from collections.abc import Callable
from typing import Any

import orjson


class _Child:
    """A forked child process and two pipes to it; messages are length-prefixed bytes.

    Forking is used only where it is cheap and safe: on Linux, by the `huddle export` command. The child
    inherits the open board and reads it with the same code; it writes nothing but its share of the export
    file, where it is told to, never to the terminal, and leaves with os._exit. Whatever goes wrong in it
    (an error, a crash, no answer for a long while) makes the caller take back what was written of the
    kind and do it all itself."""

    def __init__(self, pid: int, reader: int, writer: int) -> None:
        self.pid = pid
        self.reader = io.FileIO(reader, "rb")  # unbuffered: select() sees all there is to read
        self.writer = io.FileIO(writer, "wb")
        self.patience: float | None = None  # seconds to wait for the start of a message (None: no limit)

    @classmethod
    def start(cls, work: Callable[[_Child], None]) -> _Child | None:
        if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
            return None
        to_parent = os.pipe()
        to_child = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (*to_parent, *to_child):
                os.close(fd)
            return None
        if pid == 0:  # the child
            code = 1
            try:
                os.close(to_parent[0])
                os.close(to_child[1])
                work(cls(0, to_child[0], to_parent[1]))
                code = 0
            except BaseException:  # the parent does the work itself when the child fails
                pass
            finally:
                os._exit(code)
        os.close(to_parent[1])
        os.close(to_child[0])
        return cls(pid, to_parent[0], to_child[1])

    def send(self, payload: bytes) -> bool:
        try:
            self._write_all(memoryview(len(payload).to_bytes(8, "little")))
            self._write_all(memoryview(payload))
        except OSError:  # the other side is gone (BrokenPipeError)
            return False
        return True

    def _write_all(self, view: memoryview) -> None:
        while view:
            view = view[self.writer.write(view) or 0 :]

    def receive(self) -> bytearray | None:
        """The next message; None when the other side is gone, or sends nothing for `patience` seconds."""
        try:
            if self.patience is not None and not select.select([self.reader], [], [], self.patience)[0]:
                return None
            head = self._read_exactly(8)
            return None if head is None else self._read_exactly(int.from_bytes(head, "little"))
        except OSError:
            return None

    def _read_exactly(self, size: int) -> bytearray | None:
        buffer = bytearray(size)
        view = memoryview(buffer)
        done = 0
        while done < size:
            got = self.reader.readinto(view[done:])
            if not got:
                return None  # end of file: the other side is gone
            done += got
        return buffer

    def send_json(self, value: Any) -> bool:
        return self.send(orjson.dumps(value))

    def receive_json(self) -> Any:
        """The next message as JSON; None when there is none (see `receive`) or it is not JSON."""
        payload = self.receive()
        if payload is None:
            return None
        try:
            return orjson.loads(payload)
        except orjson.JSONDecodeError:
            return None

    def stop(self) -> None:
        """Close the pipes and reap the child (killed if it is still working)."""
        for stream in (self.writer, self.reader):
            with contextlib.suppress(OSError):
                stream.close()
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(self.pid, 0)
            self.pid = 0
