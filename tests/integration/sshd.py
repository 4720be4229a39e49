"""A throwaway OpenSSH server on loopback and a tmux session that drives `ssh` like a person at a terminal.

The server has its own host key, accepts one throwaway user key for the current user, listens on 127.0.0.1
only, runs in the foreground (`-D`) so the PID recorded is the one to stop. tmux runs on its own socket
(`-L name`), so killing that server touches no other tmux session.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import shlex
import shutil
import signal
import subprocess
import time
from pathlib import Path

from syncthing import free_port


def sshd_binary() -> str | None:
    return shutil.which("sshd") or next(
        (p for p in ("/usr/sbin/sshd", "/usr/local/sbin/sshd") if os.access(p, os.X_OK)), None
    )


class SSHServer:
    def __init__(self, root: Path) -> None:
        binary = sshd_binary()
        keygen = shutil.which("ssh-keygen")
        client = shutil.which("ssh")
        if not (binary and keygen and client):
            raise FileNotFoundError("sshd, ssh and ssh-keygen are needed (Debian: openssh-server)")
        self.binary, self.keygen, self.client = binary, keygen, client
        self.root = root
        self.port = free_port()
        self.user = getpass.getuser()
        self.proc: subprocess.Popen | None = None
        self.log_path = root / "sshd.log"

    def start(self) -> None:
        r = self.root
        r.mkdir(parents=True, exist_ok=True)
        os.chmod(r, 0o700)
        for name in ("host_key", "user_key"):
            for old in (r / name, r / f"{name}.pub"):
                old.unlink(missing_ok=True)
            subprocess.run(
                [
                    self.keygen,
                    "-q",
                    "-t",
                    "ed25519",
                    "-N",
                    "",
                    "-C",
                    f"huddle-test-{name}",
                    "-f",
                    str(r / name),
                ],
                check=True,
                capture_output=True,
            )
        (r / "authorized_keys").write_text((r / "user_key.pub").read_text())
        os.chmod(r / "authorized_keys", 0o600)
        host_pub = (r / "host_key.pub").read_text().split()
        (r / "known_hosts").write_text(f"[127.0.0.1]:{self.port} {host_pub[0]} {host_pub[1]}\n")
        (r / "sshd_config").write_text(
            "\n".join(
                [
                    f"Port {self.port}",
                    "ListenAddress 127.0.0.1",
                    f"HostKey {r / 'host_key'}",
                    f"PidFile {r / 'sshd.pid'}",
                    f"AuthorizedKeysFile {r / 'authorized_keys'}",
                    f"AllowUsers {self.user}",
                    "PermitRootLogin prohibit-password",
                    "PubkeyAuthentication yes",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "UsePAM no",
                    "StrictModes no",
                    "PrintMotd no",
                    "PrintLastLog no",
                    "X11Forwarding no",
                    "AllowTcpForwarding no",
                    "AllowAgentForwarding no",
                    "PermitTTY yes",
                    "AcceptEnv LANG LC_*",
                    "LogLevel VERBOSE",
                    "",
                ]
            )
        )
        # The privilege-separation directory that Debian's sshd expects (normally made by its service unit).
        if os.geteuid() == 0:
            Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        check = subprocess.run(
            [self.binary, "-t", "-f", str(r / "sshd_config")], capture_output=True, text=True
        )
        if check.returncode != 0:
            raise RuntimeError(f"sshd -t: {check.stderr}")
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child
        self.proc = subprocess.Popen(
            [self.binary, "-D", "-e", "-f", str(r / "sshd_config")],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"sshd exited: {self.log_path.read_text()}")
            out = self.ssh_run("true", check=False, timeout=10)
            if out.returncode == 0:
                return
            time.sleep(0.2)
        raise RuntimeError(f"sshd did not accept the test key: {self.log_path.read_text()}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def add_key(self, name: str, options: str) -> None:
        """Another throwaway user key, authorized with `options` (e.g. a forced command), used by name."""
        r = self.root
        for old in (r / name, r / f"{name}.pub"):
            old.unlink(missing_ok=True)
        subprocess.run(
            [self.keygen, "-q", "-t", "ed25519", "-N", "", "-C", f"huddle-test-{name}", "-f", str(r / name)],
            check=True,
            capture_output=True,
        )
        with open(r / "authorized_keys", "a") as f:
            f.write(f"{options} {(r / f'{name}.pub').read_text().strip()}\n")

    def ssh_argv(self, remote_command: str, tty: bool = False, key: str = "user_key") -> list[str]:
        r = self.root
        return [
            self.client,
            "-F",
            "/dev/null",
            "-i",
            str(r / key),
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "BatchMode=yes",
            "-o",
            f"UserKnownHostsFile={r / 'known_hosts'}",
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            "LogLevel=ERROR",
            "-p",
            str(self.port),
            *(["-tt"] if tty else ["-T"]),
            f"{self.user}@127.0.0.1",
            remote_command,
        ]

    def ssh_run(
        self, remote_command: str, check: bool = True, timeout: float = 30
    ) -> subprocess.CompletedProcess:
        return subprocess.run(
            self.ssh_argv(remote_command),
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=timeout,
            check=check,
        )


def remote_env_command(env: dict[str, str], argv: list[str], cwd: str | None = None) -> str:
    """A shell command line that runs argv with exactly these extra environment variables."""
    assignments = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    cmd = " ".join(shlex.quote(a) for a in argv)
    prefix = f"cd {shlex.quote(cwd)} && " if cwd else ""
    return f"{prefix}env {assignments} {cmd}"


class Tmux:
    """One tmux server on a private socket, one session, one window of a fixed size."""

    def __init__(self, root: Path, width: int = 100, height: int = 30) -> None:
        binary = shutil.which("tmux")
        if not binary:
            raise FileNotFoundError("tmux is needed (Debian: tmux)")
        self.binary = binary
        self.socket = f"huddle-test-{os.getpid()}-{free_port()}"
        self.width, self.height = width, height
        self.root = root
        self.started = False

    def _tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [self.binary, "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=check,
            env={**os.environ, "TERM": "xterm-256color"},
            stdin=subprocess.DEVNULL,
        )

    def start(self, command: list[str]) -> None:
        self._tmux(
            "new-session",
            "-d",
            "-s",
            "main",
            "-x",
            str(self.width),
            "-y",
            str(self.height),
            " ".join(shlex.quote(a) for a in command),
        )
        self.started = True
        self._tmux("set-option", "-t", "main", "remain-on-exit", "on", check=False)

    def send(self, *keys: str, literal: bool = False) -> None:
        self._tmux("send-keys", "-t", "main", *(["-l"] if literal else []), *keys)

    def type(self, text: str) -> None:
        self.send(text, literal=True)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "main").stdout

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            if self.pane_dead():
                raise RuntimeError(f"the program ended before {text!r} showed; screen:\n{self.screen()}")
            time.sleep(0.2)
        raise TimeoutError(f"{text!r} not on screen after {timeout}s; screen:\n{screen}")

    def wait_for_any(self, texts: list[str], timeout: float = 30) -> tuple[str, str]:
        """Wait until one of `texts` is on screen; returns (that text, the screen)."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            for text in texts:
                if text in screen:
                    return text, screen
            time.sleep(0.2)
        raise TimeoutError(f"none of {texts!r} on screen after {timeout}s; screen:\n{screen}")

    def respawn(self, command: list[str]) -> None:
        """Run another command in the (dead or alive) pane."""
        self._tmux("respawn-pane", "-k", "-t", "main", " ".join(shlex.quote(a) for a in command))

    def pane_dead(self) -> bool:
        out = self._tmux("display-message", "-p", "-t", "main", "#{pane_dead}", check=False).stdout.strip()
        return out == "1"

    def stop(self) -> None:
        if self.started:
            self._tmux("kill-server", check=False)
            self.started = False
