"""A throwaway PostgreSQL cluster for the tests: `initdb` in a temporary folder, listening on
127.0.0.1 on a free port, with durability off (a test database lives for one test).

As root (CI), the cluster runs as the `postgres` user, since PostgreSQL refuses to run as root.
`.ci/run` starts one with `python -m tests.support.postgres start FOLDER` (it prints the URL,
which the tests read from `$DRAMABOT_TEST_POSTGRES`) and stops it with `... stop FOLDER`; without
that variable the test session starts its own, or skips PostgreSQL's tests when none is installed.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

URL_ENV = "DRAMABOT_TEST_POSTGRES"
#: The one role that must give its password (to test a wrong one); every other role is trusted.
PASSWORD_ROLE = "dramabot_password"
_HBA = f"""local all all trust
host all {PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
"""


def server_bin() -> Path | None:
    """The folder of `initdb` and `pg_ctl`: on PATH, or Debian's /usr/lib/postgresql/N/bin."""
    if found := shutil.which("initdb"):
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    return versions[0].parent if versions else None


def missing_reason() -> str | None:
    """Why no cluster can be started here, or None."""
    if server_bin() is None:
        return "PostgreSQL is not installed (no initdb); its tests are skipped"
    if os.geteuid() == 0 and not _user_exists("postgres"):
        return "running as root without a postgres user; PostgreSQL's tests are skipped"
    return None


def start(folder: Path, durable: bool = False) -> str:
    """Create and start a cluster in `folder`; its superuser's URL. A test cluster skips every
    flush to disk; a `durable` one (the benchmarks') flushes its log as a production server
    does, though not at each commit (`synchronous_commit = off`): what SQLite's WAL with
    `synchronous = NORMAL` promises, a commit survives the process but not a power cut."""
    binaries = server_bin()
    assert binaries is not None, missing_reason()
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "data"
    port = _free_port()
    as_owner = _as_owner(folder)
    _run(
        [*as_owner, binaries / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
         "--locale=C", "--no-sync"]
    )  # fmt: skip
    (data / "pg_hba.conf").write_text(_HBA)
    options = f"-h 127.0.0.1 -p {port} -k {folder} " + (
        "-c synchronous_commit=off" if durable else "-F -c fsync=off -c full_page_writes=off"
    )
    _run(
        [*as_owner, binaries / "pg_ctl", "-D", data, "-l", folder / "server.log", "-w",
         "-o", options, "start"]
    )  # fmt: skip
    return f"postgresql://postgres@127.0.0.1:{port}/postgres"


def stop(folder: Path) -> None:
    """Stop the cluster in `folder` (at once: its databases are throwaway)."""
    binaries = server_bin()
    if binaries is not None and (folder / "data").is_dir():
        subprocess.run(
            [*_as_owner(folder), binaries / "pg_ctl", "-D", folder / "data", "-m", "immediate",
             "-w", "stop"],
            check=False, capture_output=True,
        )  # fmt: skip


def _run(command: list[object]) -> None:
    done = subprocess.run([str(part) for part in command], capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{command[-1]} failed: {(done.stderr or done.stdout).strip()}")


def _as_owner(folder: Path) -> list[str]:
    """As root: run as `postgres`, who must own the folder."""
    if os.geteuid() != 0:
        return []
    shutil.chown(folder, "postgres", "postgres")
    for parent in folder.parents:  # the server must be able to reach its folder
        if parent == Path("/"):
            break
        parent.chmod(parent.stat().st_mode | 0o011)
    return ["runuser", "-u", "postgres", "--"]


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


if __name__ == "__main__":
    command, where = sys.argv[1], Path(sys.argv[2])
    if command == "start":
        print(start(where))
    else:
        stop(where)
