"""A throwaway Syncthing cluster on loopback, for the integration tests.

Each `Device` is one `syncthing serve` process with its own home (config, keys, database) and its own copy of
one shared folder. Everything listens on 127.0.0.1 only; discovery, relays, NAT, LAN announce, usage and
crash reporting and auto-upgrade are off. Only the lower-numbered device of each pair knows the other's
address, so exactly one side dials (two devices dialling each other at once can stall the link).

The harness records the PID of every process it starts and stops only those PIDs.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FOLDER_ID = "huddle-board"

# Names Syncthing itself keeps in a shared folder; they are not part of the synced content.
_SYNCTHING_INTERNAL = re.compile(
    r"^(\.stfolder|\.stversions|\.stignore|\.syncthing\..*\.tmp|~syncthing~.*\.tmp)$"
)


class SyncthingUnavailable(RuntimeError):
    """Syncthing is not installed (and could not be)."""


def syncthing_binary() -> str | None:
    return shutil.which("syncthing")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _set(parent: ET.Element, tag: str, text: str) -> None:
    el = parent.find(tag)
    if el is None:
        el = ET.SubElement(parent, tag)
    el.text = text


@dataclass
class Device:
    index: int
    root: Path
    binary: str
    home: Path = field(init=False)
    folder: Path = field(init=False)
    device_id: str = ""
    gui_port: int = 0
    listen_port: int = 0
    api_key: str = ""
    proc: subprocess.Popen | None = None
    log_path: Path = field(init=False)
    folder_id: str = FOLDER_ID

    def __post_init__(self) -> None:
        self.home = self.root / f"st{self.index}" / "home"
        self.folder = self.root / f"st{self.index}" / "board"
        self.log_path = self.root / f"st{self.index}" / "syncthing.log"

    @property
    def name(self) -> str:
        return f"dev{self.index}"

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    # -- setup -----------------------------------------------------------------------------------------

    def generate(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / ".stfolder").mkdir(exist_ok=True)
        subprocess.run(
            [self.binary, "generate", f"--home={self.home}", "--no-default-folder"],
            check=True,
            capture_output=True,
            env=self._env(),
            timeout=60,
        )
        out = subprocess.run(
            [self.binary, "serve", f"--home={self.home}", "--device-id"],
            check=True,
            capture_output=True,
            text=True,
            env=self._env(),
            timeout=60,
        )
        self.device_id = out.stdout.strip().splitlines()[-1].strip()
        if not re.fullmatch(r"[A-Z0-9]{7}(-[A-Z0-9]{7}){7}", self.device_id):
            raise RuntimeError(f"unexpected device id output: {out.stdout!r}")
        self.gui_port = free_port()
        self.listen_port = free_port()

    def configure(self, peers: list[Device], dial: set[int]) -> None:
        """Write config.xml: loopback only, everything that talks to the outside off, one shared folder.

        `dial` holds the indexes of the peers whose address this device knows (it dials them); the other
        peers are `dynamic`, which with discovery off means this device never dials them.
        """
        cfg_path = self.home / "config.xml"
        tree = ET.parse(cfg_path)
        root = tree.getroot()
        gui = root.find("gui")
        assert gui is not None
        gui.set("enabled", "true")
        gui.set("tls", "false")
        _set(gui, "address", f"127.0.0.1:{self.gui_port}")
        apikey = gui.find("apikey")
        assert apikey is not None and apikey.text
        self.api_key = apikey.text

        opts = root.find("options")
        assert opts is not None
        for tag, value in {
            "listenAddress": f"tcp://127.0.0.1:{self.listen_port}",
            "globalAnnounceEnabled": "false",
            "localAnnounceEnabled": "false",
            "relaysEnabled": "false",
            "natEnabled": "false",
            "announceLANAddresses": "false",
            "urAccepted": "-1",
            "crashReportingEnabled": "false",
            "autoUpgradeIntervalH": "0",
            "startBrowser": "false",
            "restartOnWakeup": "false",
            "reconnectionIntervalS": "2",
            "setLowPriority": "false",
        }.items():
            _set(opts, tag, value)
        for tag in ("globalAnnounceServer",):
            for el in opts.findall(tag):
                opts.remove(el)

        defaults = root.find("defaults")
        assert defaults is not None
        dev_template = defaults.find("device")
        folder_template = defaults.find("folder")
        assert dev_template is not None and folder_template is not None

        # This device's own entry: name it, keep `dynamic` (it never dials itself).
        own = root.find(f"device[@id='{self.device_id}']")
        assert own is not None
        own.set("name", self.name)

        insert_at = list(root).index(own) + 1
        for peer in peers:
            el = copy.deepcopy(dev_template)
            el.set("id", peer.device_id)
            el.set("name", peer.name)
            _set(el, "address", f"tcp://127.0.0.1:{peer.listen_port}" if peer.index in dial else "dynamic")
            root.insert(insert_at, el)
            insert_at += 1

        folder = copy.deepcopy(folder_template)
        folder.set("id", FOLDER_ID)
        folder.set("label", FOLDER_ID)
        folder.set("path", str(self.folder))
        folder.set("type", "sendreceive")
        folder.set("rescanIntervalS", "5")
        folder.set("fsWatcherEnabled", "true")
        folder.set("fsWatcherDelayS", "1")
        # A pull that fails (the source file was replaced while its blocks were requested: normal with
        # atomic writes) is retried after pullerPauseS, 60 s by default: retry within 2 s instead.
        _set(folder, "pullerPauseS", "2")
        for el in folder.findall("device"):
            folder.remove(el)
        for dev in [self, *peers]:
            d = ET.Element("device", {"id": dev.device_id, "introducedBy": ""})
            ET.SubElement(d, "encryptionPassword").text = ""
            folder.insert(0, d)
        root.insert(insert_at, folder)
        tree.write(cfg_path, encoding="unicode")

    # -- process ---------------------------------------------------------------------------------------

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ST")}
        env.update(
            STMONITORED="yes",
            STNOUPGRADE="1",
            STNODEFAULTFOLDER="1",
            HOME=str(self.home.parent),
        )
        return env

    def start(self) -> None:
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child, closed in stop()
        self.proc = subprocess.Popen(
            [
                self.binary,
                "serve",
                f"--home={self.home}",
                "--no-browser",
                "--no-restart",
                "--no-upgrade",
            ],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=self._env(),
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}")
            with contextlib.suppress(OSError, urllib.error.URLError, ValueError):
                if self.rest("GET", "/rest/system/ping").get("ping") == "pong":
                    return
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} REST did not answer in 30 s:\n{self.log_tail()}")

    def stop(self) -> None:
        """Stop this device's own process (by its recorded PID only)."""
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

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    # -- REST ------------------------------------------------------------------------------------------

    def rest(self, method: str, path: str, body: Any = None, timeout: float = 10) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}",
            data=data,
            method=method,
            headers={"X-API-Key": self.api_key, "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
        return json.loads(raw) if raw.strip() else None

    def scan(self) -> None:
        self.rest("POST", f"/rest/db/scan?folder={self.folder_id}")

    def db_status(self) -> dict:
        return self.rest("GET", f"/rest/db/status?folder={self.folder_id}")

    def completion(self, device_id: str) -> dict:
        return self.rest("GET", f"/rest/db/completion?folder={self.folder_id}&device={device_id}")

    def connections(self) -> dict:
        return self.rest("GET", "/rest/system/connections")["connections"]

    def set_paused(self, peer_id: str, paused: bool) -> None:
        self.rest("PATCH", f"/rest/config/devices/{peer_id}", {"paused": paused})

    # -- content ---------------------------------------------------------------------------------------

    def files(self) -> dict[str, str]:
        """Relative path -> sha256 of every content file in the shared folder (Syncthing's own excluded)."""
        out: dict[str, str] = {}
        for dirpath, dirnames, filenames in os.walk(self.folder):
            dirnames[:] = [d for d in dirnames if not _SYNCTHING_INTERNAL.match(d)]
            for name in filenames:
                if _SYNCTHING_INTERNAL.match(name):
                    continue
                p = Path(dirpath) / name
                try:
                    digest = hashlib.sha256(p.read_bytes()).hexdigest()
                except OSError:  # replaced or removed while walking: the caller polls again
                    digest = "<vanished>"
                out[str(p.relative_to(self.folder))] = digest
        return out


class Cluster:
    """N devices sharing one folder, full mesh, loopback only."""

    def __init__(self, root: Path, n: int = 3, binary: str | None = None) -> None:
        binary = binary or syncthing_binary()
        if not binary:
            raise SyncthingUnavailable("syncthing is not installed")
        self.root = root
        self.devices = [Device(i, root, binary) for i in range(n)]
        self.active = list(self.devices)  # the devices sharing the current folder

    def __enter__(self) -> Cluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        for dev in self.devices:
            dev.generate()
        for dev in self.devices:
            peers = [p for p in self.devices if p is not dev]
            dev.configure(peers, dial={p.index for p in peers if p.index > dev.index})
        # One at a time: each device is up before the next one starts (and is dialled by the earlier ones).
        for dev in self.devices:
            dev.start()
        self.wait_connected(timeout=60)
        self.check_loopback_only()

    def stop(self) -> None:
        # SIGTERM every device first (by recorded PID), then wait for each: shuts down in parallel.
        for dev in self.devices:
            if dev.proc is not None and dev.proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(dev.proc.pid, signal.SIGTERM)
        for dev in self.devices:
            dev.stop()

    def share(self, folder_id: str, indexes: list[int] | None = None) -> None:
        """Share a new, empty folder among some devices (all by default) and make it the current one.

        Each device gets `<root>/st<i>/<folder_id>`; the other devices leave the shared set (`active`) that
        the convergence and content helpers look at. Runs while the devices are up (REST config API)."""
        chosen = [self.devices[i] for i in (indexes if indexes is not None else range(len(self.devices)))]
        for dev in self.devices:
            with contextlib.suppress(OSError, urllib.error.URLError):
                dev.rest("DELETE", f"/rest/config/folders/{dev.folder_id}")
        for dev in chosen:
            dev.folder = self.root / f"st{dev.index}" / folder_id
            dev.folder.mkdir(parents=True)
            (dev.folder / ".stfolder").mkdir()
            dev.folder_id = folder_id
            dev.rest(
                "POST",
                "/rest/config/folders",
                {
                    "id": folder_id,
                    "label": folder_id,
                    "path": str(dev.folder),
                    "type": "sendreceive",
                    "rescanIntervalS": 5,
                    "fsWatcherEnabled": True,
                    "fsWatcherDelayS": 1,
                    "pullerPauseS": 2,
                    "devices": [{"deviceID": d.device_id} for d in chosen],
                },
            )
        self.active = chosen
        deadline = time.monotonic() + 30
        while True:  # every device has the folder running (not "unknown" / starting)
            states = [d.db_status().get("state") for d in chosen] if self._rest_ok(chosen) else []
            if states and all(st in ("idle", "scanning", "syncing", "sync-preparing") for st in states):
                break
            if time.monotonic() > deadline:
                raise TimeoutError(f"folder {folder_id} not started: {states}\n{self.logs()}")
            time.sleep(0.1)

    @staticmethod
    def _rest_ok(devices: list[Device]) -> bool:
        try:
            for d in devices:
                d.db_status()
        except (OSError, urllib.error.URLError):
            return False
        return True

    def reset(self) -> None:
        """After a test: every device unpaused and connected again (a failed test may leave one isolated)."""
        with contextlib.suppress(OSError, urllib.error.URLError):
            self.rejoin_all()
        self.wait_connected(timeout=90)

    @property
    def pids(self) -> list[int]:
        return [d.pid for d in self.devices if d.pid]

    def check_loopback_only(self) -> list[str]:
        """Every TCP/UDP socket that our syncthing PIDs listen on is bound to 127.0.0.1. Returns them."""
        out = subprocess.run(["ss", "-H", "-ltunp"], capture_output=True, text=True, check=True).stdout
        ours: list[str] = []
        for line in out.splitlines():
            pids = {int(p) for p in re.findall(r"pid=(\d+)", line)}
            if not pids & set(self.pids):
                continue
            parts = line.split()
            local = parts[4]
            ours.append(local)
            if not local.startswith("127.0.0.1:"):
                raise AssertionError(f"syncthing listens beyond loopback: {line}")
        if len(ours) < len(self.devices) * 2:  # GUI/REST + sync listener per device
            raise AssertionError(f"expected 2 loopback listeners per device, saw {ours}")
        return ours

    def wait_connected(self, timeout: float = 60) -> float:
        """Wait until every device is connected to every unpaused peer. Returns seconds waited."""
        start = time.monotonic()
        while True:
            missing = []
            for dev in self.devices:
                conns = dev.connections()
                for peer in self.devices:
                    if peer is dev:
                        continue
                    c = conns.get(peer.device_id, {})
                    if not c.get("connected") and not c.get("paused"):
                        missing.append((dev.name, peer.name))
            if not missing:
                return time.monotonic() - start
            if time.monotonic() - start > timeout:
                raise TimeoutError(f"not connected after {timeout}s: {missing}\n" + self.logs())
            time.sleep(0.2)

    def logs(self) -> str:
        return "\n".join(f"--- {d.name} log ---\n{d.log_tail()}" for d in self.devices)

    # -- offline / online ------------------------------------------------------------------------------

    def isolate(self, index: int) -> None:
        """Take one device offline: it pauses all its peers and they pause it."""
        dev = self.devices[index]
        for peer in self.devices:
            if peer is dev:
                continue
            dev.set_paused(peer.device_id, True)
            peer.set_paused(dev.device_id, True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if not any(c.get("connected") for c in dev.connections().values()):
                return
            time.sleep(0.1)
        raise TimeoutError(f"{dev.name} still connected after pausing its peers")

    def rejoin(self, index: int) -> None:
        dev = self.devices[index]
        # The device unpauses its peers first, then the peers unpause it: a peer that dialled while the
        # device still refused it would back off before dialling again.
        for peer in self.devices:
            if peer is not dev:
                dev.set_paused(peer.device_id, False)
        for peer in self.devices:
            if peer is not dev:
                peer.set_paused(dev.device_id, False)
        self.wait_connected(timeout=90)

    def rejoin_all(self) -> None:
        """Unpause every pair: first on the side that is dialled (higher index), then on the dialler."""
        pairs = [(a, b) for a in self.devices for b in self.devices if a.index < b.index]
        for a, b in pairs:
            if b.connections().get(a.device_id, {}).get("paused"):
                b.set_paused(a.device_id, False)
        for a, b in pairs:
            if a.connections().get(b.device_id, {}).get("paused"):
                a.set_paused(b.device_id, False)
        self.wait_connected(timeout=90)

    # -- convergence -----------------------------------------------------------------------------------

    def snapshot(self) -> list[dict[str, str]]:
        return [d.files() for d in self.active]

    def wait_converged(self, timeout: float = 90, stable_s: float = 2.0, since: float | None = None) -> float:
        """Wait until all devices hold the same files and nothing has changed for `stable_s` seconds.

        `/rest/db/status` can say "in sync" before a fresh conflict copy is scanned, so this asks every
        device for a scan, and requires identical content on all devices, every device idle with nothing
        needed, every remote at 100% completion, all of it unchanged for `stable_s` seconds.
        Returns the seconds from `since` (a `time.monotonic()` value; default: the call) to the moment the
        devices became identical and stayed so.
        """
        start = time.monotonic()
        origin = start if since is None else since
        last_fp: str | None = None
        stable_since = time.monotonic()
        last_scan = 0.0
        while True:
            now = time.monotonic()
            if now - last_scan > 1.5:
                for dev in self.active:
                    with contextlib.suppress(OSError, urllib.error.URLError):
                        dev.scan()
                last_scan = now
            snap = self.snapshot()
            fp = hashlib.sha256(json.dumps(snap, sort_keys=True).encode()).hexdigest()
            ok = all(s == snap[0] for s in snap) and "<vanished>" not in json.dumps(snap)
            if ok:
                ok = self._all_idle()
            if fp != last_fp or not ok:
                last_fp = fp
                stable_since = now
            elif now - stable_since >= stable_s:
                return stable_since - origin
            if now - start > timeout:
                diff = self.describe_difference(snap)
                raise TimeoutError(f"not converged after {timeout}s:\n{diff}\n{self.logs()}")
            time.sleep(0.3)

    def _all_idle(self) -> bool:
        try:
            for dev in self.active:
                st = dev.db_status()
                if st.get("state") != "idle" or st.get("needTotalItems", 0) or st.get("pullErrors", 0):
                    return False
                for peer in self.active:
                    if peer is dev:
                        continue
                    if dev.completion(peer.device_id).get("completion", 0) < 100:
                        return False
        except (OSError, urllib.error.URLError):
            return False
        return True

    @staticmethod
    def describe_difference(snap: list[dict[str, str]]) -> str:
        names = sorted(set().union(*snap))
        lines = []
        for name in names:
            digests = [s.get(name, "-")[:8] for s in snap]
            if len(set(digests)) > 1:
                lines.append(f"  {name}: {digests}")
        return "differences:\n" + ("\n".join(lines) if lines else "  (none in content; devices busy)")

    def conflict_copies(self) -> list[str]:
        """Syncthing's conflict copies on every active device. A copy still being pulled from another
        device is Syncthing's own partial file (`.syncthing.NAME.tmp`), not yet a copy on disk: it is
        left out (once complete it is renamed to NAME and counts)."""
        found = set()
        for dev in self.active:
            for p in dev.folder.rglob("*.sync-conflict-*"):
                if p.name.startswith(".syncthing.") and p.name.endswith(".tmp"):
                    continue
                found.add(str(p.relative_to(dev.folder)))
        return sorted(found)
