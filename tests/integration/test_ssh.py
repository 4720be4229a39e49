"""A manager answers an escalation over real SSH: OpenSSH's sshd on a loopback port (throwaway host and user
keys), `ssh -tt` inside tmux as the manager's terminal, the huddle TUI driven by keystrokes. The answer
is checked on disk, on a second replica on another Syncthing device, and the manager's open inbox shows
the team closing it from that other machine. Then the README's forced-command key (authorized_keys
`command="... huddle inbox --tui"`) opens the inbox whatever command the client asks for.

Terminal: nothing special was needed beyond a pseudo-terminal (`ssh -t`) and TERM passed through by ssh
(tmux-256color here); the pane is 100x30.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from replicas import Replica, failures
from sshd import SSHServer, Tmux, remote_env_command, sshd_binary
from syncthing import Cluster

pytestmark = pytest.mark.integration

ANSWER = "Slot booked Tuesday 06:00 with maintenance"
TITLE = "Press 4 hydraulic leak"


@pytest.fixture
def ssh_server(request, tmp_path: Path) -> Iterator[SSHServer]:
    if not sshd_binary():
        pytest.skip("OpenSSH's sshd is not installed (.ci/run installs Debian's openssh-server)")
    try:
        server = SSHServer(tmp_path / "ssh")
    except FileNotFoundError as err:
        pytest.skip(str(err))
    try:
        server.start()
        yield server
    finally:
        server.stop()
        rep = getattr(request.node, "rep_call", None)
        if rep is not None and rep.failed and server.log_path.exists():
            print("--- sshd log ---\n" + server.log_path.read_text()[-4000:])


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    try:
        t = Tmux(tmp_path, width=100, height=30)
    except FileNotFoundError as err:
        pytest.skip(str(err))
    try:
        yield t
    finally:
        t.stop()


def tui_command(rep: Replica, entry: list[str]) -> str:
    env = {k: v for k, v in rep.env().items() if k.startswith(("HUDDLE_", "XDG_")) or k == "HOME"}
    return remote_env_command(env, [sys.executable, *entry], cwd=str(rep.root))


def wait_dead(tmux: Tmux, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not tmux.pane_dead() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert tmux.pane_dead(), f"the app did not quit on q:\n{tmux.screen()}"


def test_manager_answers_an_escalation_over_ssh(
    pair: Cluster, ssh_server: SSHServer, tmux: Tmux, tmp_path: Path, figures: dict
) -> None:
    manager_dev, team_dev = pair.active
    admin = Replica("admin", team_dev.folder, tmp_path / "admin", os_user="admin")
    team = Replica("team", team_dev.folder, tmp_path / "team", os_user="sam")
    manager = Replica("manager", manager_dev.folder, tmp_path / "manager", os_user="maria")
    admin.run("init", "--name", "Plant Lyon")
    setup = [
        ["team", "add", "Plant", "--tier", "3"],
        ["team", "add", "Area 1", "--parent", "Plant", "--tier", "2"],
        ["team", "add", "Line A", "--parent", "Area 1", "--tier", "1"],
        ["person", "add", "Maria Manager", "--login", "maria", "--role", "manager", "--team", "Area 1"],
        ["person", "add", "Sam Super", "--login", "sam", "--role", "supervisor", "--team", "Line A"],
    ]
    results = admin.run_batch([{"tag": "", "argv": a} for a in setup], tmp_path / "setup.jsonl")
    assert not failures(results) and len(results) == len(setup), results
    out = team.run("escalate", TITLE, "--team", "Line A", "--severity", "high", "--need", "a slot")
    esc_id = next(w.strip("().;,") for w in out.stdout.split() if len(w.strip("().;,")) == 26)
    pair.wait_converged(timeout=60)

    # The manager opens `huddle` (no command: the app) over SSH.
    t0 = time.monotonic()
    tmux.start(ssh_server.ssh_argv(tui_command(manager, ["-m", "huddle_tui"]), tty=True))
    tmux.wait_for("Acting: Maria Manager", timeout=60)
    open_s = time.monotonic() - t0

    # Keystrokes: the escalation inbox (i), Answer (s) on the selected escalation, type, save (ctrl+s).
    t1 = time.monotonic()
    tmux.send("i")
    tmux.wait_for("Inbox")
    tmux.wait_for(TITLE)
    time.sleep(0.3)
    tmux.send("s")
    tmux.wait_for("Move the escalation")
    time.sleep(0.3)
    tmux.type(ANSWER)
    tmux.wait_for(ANSWER)
    tmux.send("C-s")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        screen = tmux.screen()
        if "Move the escalation" not in screen and "answered" in screen:
            break
        time.sleep(0.2)
    else:
        pytest.fail(f"the answer was not applied:\n{screen}")
    answer_s = time.monotonic() - t1

    # On disk: the answer is in the manager replica's own file, on both machines once synced.
    def files_with_answer(folder: Path) -> list[str]:
        found = (p for p in (folder / "replicas").rglob("*.json") if ANSWER in p.read_text())
        return sorted(str(p.relative_to(folder)) for p in found)

    mine = files_with_answer(manager_dev.folder)
    assert mine, "the answer is not in any replica file on the manager's machine"
    t2 = time.monotonic()
    pair.wait_converged(timeout=60)
    sync_s = time.monotonic() - t2
    assert files_with_answer(team_dev.folder) == mine

    # On the second replica (the team's terminal on the other device).
    shown = team.json("escalation", "show", esc_id, "--json")
    assert shown["state"] == "answered" and shown["answer"] == ANSWER
    assert any(m["kind"] == "answered" and m.get("by_name") == "Maria Manager" for m in shown["moves"])

    # The team confirms the answer closes it; the manager's open board shows it within seconds.
    t3 = time.monotonic()
    team.run("escalation", "close", esc_id, "--text", "Works, thanks")
    pair.wait_converged(timeout=60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        screen = tmux.screen()
        if "State: answered" not in screen:
            break
        time.sleep(0.2)
    else:
        pytest.fail(f"the manager's inbox did not refresh after the team closed it:\n{screen}")
    refresh_s = time.monotonic() - t3

    tmux.send("q")
    wait_dead(tmux)

    # The README's forced-command key: whatever command the client asks for, that key opens the inbox
    # read-write for that login; q ends the session.
    forced = tui_command(manager, ["-m", "huddle_tui", "inbox", "--tui"])
    ssh_server.add_key(
        "inbox_key", f'command="{forced}",no-port-forwarding,no-X11-forwarding,no-agent-forwarding'
    )
    tmux.respawn(ssh_server.ssh_argv("echo NOT-THE-FORCED-COMMAND; sleep 30", tty=True, key="inbox_key"))
    tmux.wait_for("Acting: Maria Manager", timeout=60)
    screen = tmux.wait_for("0 held")
    assert "NOT-THE-FORCED-COMMAND" not in screen and "Inbox" in screen
    assert TITLE not in screen, f"the closed escalation still waits in the inbox:\n{screen}"
    tmux.send("q")
    wait_dead(tmux)
    figures.update(
        open_over_ssh_s=round(open_s, 1),
        keystrokes_to_answer_s=round(answer_s, 1),
        sync_to_team_s=round(sync_s, 1),
        close_seen_by_manager_s=round(refresh_s, 1),
    )
