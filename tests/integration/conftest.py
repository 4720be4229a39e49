"""Fixtures for the integration suite: a 3-device Syncthing cluster on loopback and one huddle replica per
device.

Syncthing comes from Debian's package (.ci/run installs it when missing); without it every test here is
skipped with the reason. Every process the harness starts is stopped by its PID in teardown, also when a
test fails; a failing test also prints the tail of each Syncthing log.

Each scenario records its figures with the `figures` fixture: they go into the test's properties
(`record_property`, so into JUnit XML), into `integration-figures.json` in pytest's temp root, into the
captured output, and into an "integration figures" section of the terminal summary (shown with or without
`-s`).
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from replicas import Replica
from syncthing import Cluster, syncthing_binary

_FIGURES: list[tuple[str, dict]] = []


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not _FIGURES:
        return
    terminalreporter.section("integration figures")
    for name, figs in _FIGURES:
        terminalreporter.write_line(f"{name}: " + ", ".join(f"{k}={v}" for k, v in figs.items()))


@pytest.fixture
def figures(request, record_property, tmp_path_factory) -> Iterator[dict]:
    """A dict the test fills with its figures; reported at teardown (even when the test fails)."""
    figs: dict = {}
    yield figs
    if not figs:
        return
    name = request.node.name
    for key, value in figs.items():
        record_property(key, value)
    _FIGURES.append((name, dict(figs)))
    report = tmp_path_factory.getbasetemp() / "integration-figures.json"
    data = json.loads(report.read_text()) if report.exists() else {}
    data[name] = figs
    report.write_text(json.dumps(data, indent=2, sort_keys=True))
    print(f"\n[figures] {name}: {json.dumps(figs, sort_keys=True)}")


@pytest.fixture(scope="session")
def syncthing_bin() -> str:
    binary = syncthing_binary()
    if not binary:
        pytest.skip(
            "syncthing is not installed: .ci/run installs it with apt-get (Debian package 'syncthing'); "
            "the package archive was probably unreachable"
        )
    return binary


@pytest.fixture
def cluster(request, tmp_path: Path, syncthing_bin: str) -> Iterator[Cluster]:
    """Three Syncthing devices on 127.0.0.1 sharing one (empty) board folder, connected and in sync."""
    c = Cluster(tmp_path / "sync", n=3, binary=syncthing_bin)
    try:
        c.start()
        yield c
    finally:
        failed = getattr(request.node, "rep_call", None)
        c.stop()
        if failed is not None and failed.failed:
            print(c.logs())


@pytest.fixture
def replicas(cluster: Cluster, tmp_path: Path) -> list[Replica]:
    """One huddle replica per device (own state dir, HOME and OS login), each on its device's folder."""
    return [
        Replica(name=f"r{d.index}", board=d.folder, root=tmp_path / f"replica{d.index}", os_user="admin")
        for d in cluster.devices
    ]


def _ss_available() -> bool:
    try:
        subprocess.run(["ss", "-V"], capture_output=True, check=False)
    except OSError:
        return False
    return True


@pytest.fixture(autouse=True)
def _needs_ss(request) -> None:
    if "cluster" in request.fixturenames and not _ss_available():
        pytest.skip("'ss' (iproute2) is needed to check that Syncthing listens on loopback only")


@pytest.fixture(autouse=True)
def _integration_env(monkeypatch) -> None:
    # Never let a developer's own board or identity leak into a test.
    for key in list(os.environ):
        if key.startswith("HUDDLE_"):
            monkeypatch.delenv(key)
