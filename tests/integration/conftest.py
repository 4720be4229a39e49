"""Fixtures for the integration suite: a 3-device Syncthing cluster on loopback (started once per run), and
per test a new shared board folder (`cluster`: all three devices, `pair`: devices 0 and 1).

Syncthing comes from Debian's package (.ci/run installs it when missing); without it (or without `ss`)
every test here is skipped with the reason. Every process the harness starts is stopped by its PID, also
when a test fails; a failing test also prints the tail of each Syncthing log.

Each scenario records its figures with the `figures` fixture: they go into the test's properties
(`record_property`, so into JUnit XML), into `integration-figures.json` in pytest's temp root, into the
captured output, and into an "integration figures" section of the terminal summary (shown with or without
`-s`).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
from collections.abc import Iterator

import pytest
from syncthing import Cluster, syncthing_binary

_FIGURES: list[tuple[str, dict]] = []
_FOLDER_NO = itertools.count()
_REPORT: list[str] = []
_CLUSTERS: list[Cluster] = []
_LAST_CLUSTER_USER: list[str] = []


def pytest_collection_modifyitems(session, config, items):
    users = [item.nodeid for item in items if "syncthing_cluster" in getattr(item, "fixturenames", ())]
    _LAST_CLUSTER_USER[:] = users[-1:]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # Stop the session's Syncthing devices right after the last test that uses them, not at the end of
    # the whole run (the rest of the suite should not share the CPU with them).
    result = yield
    if _LAST_CLUSTER_USER and item.nodeid == _LAST_CLUSTER_USER[0]:
        for c in _CLUSTERS:
            c.stop()
    return result


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
    if _REPORT:
        terminalreporter.write_line(f"(also in {_REPORT[0]})")


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
    _REPORT[:] = [str(report)]
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


@pytest.fixture(scope="session")
def syncthing_cluster(tmp_path_factory, syncthing_bin: str) -> Iterator[Cluster]:
    """Three Syncthing devices on 127.0.0.1, started once for the whole run (it takes ~8 s)."""
    if not _ss_available():
        pytest.skip("'ss' (iproute2) is needed to check that Syncthing listens on loopback only")
    c = Cluster(tmp_path_factory.mktemp("syncthing"), n=3, binary=syncthing_bin)
    _CLUSTERS.append(c)
    try:
        c.start()
        yield c
    finally:
        c.stop()


def _share(request, cluster: Cluster, indexes: list[int] | None) -> Iterator[Cluster]:
    name = re.sub(r"[^A-Za-z0-9_-]", "-", request.node.name)[:40]
    cluster.share(f"t{next(_FOLDER_NO)}-{name}", indexes)
    try:
        yield cluster
    finally:
        rep = getattr(request.node, "rep_call", None)
        if rep is not None and rep.failed:
            print(cluster.logs())
        cluster.reset()


@pytest.fixture
def cluster(request, syncthing_cluster: Cluster) -> Iterator[Cluster]:
    """The three devices sharing a new, empty board folder of this test's own (`cluster.active`)."""
    yield from _share(request, syncthing_cluster, None)


@pytest.fixture
def pair(request, syncthing_cluster: Cluster) -> Iterator[Cluster]:
    """Devices 0 and 1 sharing a new, empty folder of this test's own (`pair.active`)."""
    yield from _share(request, syncthing_cluster, [0, 1])


def _ss_available() -> bool:
    try:
        subprocess.run(["ss", "-V"], capture_output=True, check=False)
    except OSError:
        return False
    return True


@pytest.fixture(autouse=True)
def _integration_env(monkeypatch) -> None:
    # Never let a developer's own board or identity leak into a test.
    for key in list(os.environ):
        if key.startswith("HUDDLE_"):
            monkeypatch.delenv(key)
