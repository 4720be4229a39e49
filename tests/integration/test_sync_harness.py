"""The Syncthing harness itself, on raw files: loopback only, files travel, offline edits conflict."""

from __future__ import annotations

import time

import pytest
from syncthing import Cluster

pytestmark = pytest.mark.integration


def test_cluster_is_loopback_only_and_syncs_files(cluster: Cluster, figures: dict) -> None:
    listeners = cluster.check_loopback_only()
    assert all(addr.startswith("127.0.0.1:") for addr in listeners)

    a, _b, c = cluster.devices
    (a.folder / "sub").mkdir()
    (a.folder / "sub" / "one.json").write_text('{"from": "a"}')
    (c.folder / "two.json").write_text('{"from": "c"}')
    took = cluster.wait_converged(timeout=60)
    for dev in cluster.devices:
        assert set(dev.files()) == {"sub/one.json", "two.json"}

    # Offline edit of the same file on two devices: Syncthing keeps one and makes a conflict copy.
    cluster.isolate(2)
    (a.folder / "two.json").write_text('{"from": "a, offline"}')
    time.sleep(1.1)  # the newer modification time wins
    (c.folder / "two.json").write_text('{"from": "c, offline"}')
    time.sleep(1.5)  # let c's watcher pick it up while still offline
    start = time.monotonic()
    cluster.rejoin(2)
    took_conflict = cluster.wait_converged(timeout=60, since=start)
    copies = cluster.conflict_copies()
    assert copies, "expected a Syncthing conflict copy"
    for dev in cluster.devices:
        assert (dev.folder / "two.json").read_text() == '{"from": "c, offline"}'
    figures.update(
        first_sync_s=round(took, 2), conflict_sync_s=round(took_conflict, 2), conflict_copies=len(copies)
    )
