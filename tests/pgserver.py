"""A throwaway PostgreSQL server for the tests: Debian's ``initdb`` and ``pg_ctl`` on a temporary cluster.

:class:`PostgresServer` makes a cluster in a temporary folder (``initdb -A trust -U postgres --no-sync``), starts
it with ``pg_ctl start -w`` listening on 127.0.0.1 at a free port only (its Unix socket in that folder, fsync off:
nothing here must survive a crash), and ``stop()`` shuts it down (``pg_ctl stop -m fast``) and removes the folder.
Debian's own cluster (``/var/lib/postgresql/<version>/main``), running or not, is never touched.

``initdb`` and ``postgres`` refuse to run as root: as root they run as the ``postgres`` user that Debian's
``postgresql`` package creates (``runuser -u postgres --``, or ``setpriv``), and the folder is theirs.

With ``CJM_TEST_POSTGRES_URL`` set (a SQLAlchemy URL of a role that may ``CREATE DATABASE``, e.g.
``postgresql+psycopg://cjm:secret@db.example:5432/postgres``) that server is used instead and nothing is started.
Databases are dropped with ``WITH (FORCE)``, so that server must be PostgreSQL 13 or newer.
"""

from __future__ import annotations

import atexit
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

ENV_URL = "CJM_TEST_POSTGRES_URL"
DEBIAN_ROOT = Path("/usr/lib/postgresql")  # Debian's layout: /usr/lib/postgresql/<major>/bin
TOOLS = ("initdb", "pg_ctl", "postgres")
SERVER_USER = "postgres"  # who runs the server when we are root
INITDB_SECONDS = 120
START_SECONDS = 60
STOP_SECONDS = 30
START_ATTEMPTS = 3  # a free port can be taken between choosing it and the server binding it
SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",  # a throwaway cluster: speed over durability
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",  # the thread tests open up to 15 connections per store
}
_DATABASE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class PostgresUnavailable(RuntimeError):
    """PostgreSQL could not be found, started or reached; the message says why (with the server log's tail)."""


def find_bin_dir(root: Path = DEBIAN_ROOT) -> Path:
    """The newest ``/usr/lib/postgresql/<version>/bin`` that has initdb, pg_ctl and postgres."""
    found = []
    for bin_dir in root.glob("*/bin"):
        try:
            version = tuple(int(part) for part in bin_dir.parent.name.split("."))
        except ValueError:
            continue
        if all(os.access(bin_dir / tool, os.X_OK) for tool in TOOLS):
            found.append((version, bin_dir))
    if not found:
        raise PostgresUnavailable(
            f"Debian's PostgreSQL is not installed (no {'/'.join(TOOLS)} in {root}/<version>/bin): run `make test` "
            f"(installs it when root), `apt-get install postgresql`, or set {ENV_URL} to a server you have"
        )
    return max(found)[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """One PostgreSQL server for the tests: a throwaway cluster, or the one at ``admin_url`` if given.

    Use as a context manager (or ``start()`` / ``stop()``); ``url(name)`` is a SQLAlchemy URL of a database on it,
    ``create_database(name)`` / ``drop_database(name)`` make and remove one.
    """

    def __init__(self, admin_url: str | None = None):
        self.external = admin_url is not None
        self._admin_url = admin_url
        self.port: int | None = None
        self.dir: Path | None = None
        self.bin_dir: Path | None = None
        self._admin: Engine | None = None
        self._as_user: list[str] = []
        self._owner: pwd.struct_passwd | None = None

    @classmethod
    def from_env(cls) -> PostgresServer:
        """The server at ``CJM_TEST_POSTGRES_URL`` if set, else a throwaway one."""
        return cls(os.environ.get(ENV_URL, "").strip() or None)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- urls and databases ------------------------------------------------------------------------
    def url(self, dbname: str = "postgres") -> str:
        """``postgresql+psycopg://postgres@127.0.0.1:<port>/<dbname>`` (or the same database on the given server)."""
        if self._admin_url is None:
            if self.port is None:
                raise PostgresUnavailable("the PostgreSQL server is not started")
            return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{dbname}"
        return make_url(self._admin_url).set(database=dbname).render_as_string(hide_password=False)

    def create_database(self, name: str) -> str:
        """A new empty database; returns its URL."""
        self._sql(f'CREATE DATABASE "{_checked_name(name)}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop the database even if connections to it are still open."""
        self._sql(f'DROP DATABASE IF EXISTS "{_checked_name(name)}" WITH (FORCE)')

    def _sql(self, statement: str) -> None:
        if self._admin is None:
            raise PostgresUnavailable("the PostgreSQL server is not started")
        with self._admin.connect() as conn:
            conn.execute(text(statement))

    # --- start and stop ------------------------------------------------------------------------------
    def start(self) -> PostgresServer:
        if self._admin is not None:
            return self
        if self.external:
            self._connect_admin(self.url(make_url(self._admin_url).database or "postgres"))
            return self
        self.bin_dir = find_bin_dir()
        self._as_user, self._owner = _server_user()
        self.dir = Path(tempfile.mkdtemp(prefix="cjm-pg-", dir=_temp_parent(self._owner is not None)))
        atexit.register(self.stop)  # in case the test session ends without its finalizers
        try:
            if self._owner is not None:
                os.chown(self.dir, self._owner.pw_uid, self._owner.pw_gid)
            self._run("initdb", ["-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale",
                                 "--no-sync"], INITDB_SECONDS)
            for attempt in range(1, START_ATTEMPTS + 1):
                self.port = free_port()
                try:
                    self._run("pg_ctl", ["start", "-D", str(self.data), "-l", str(self.log), "-w",
                                         "-t", str(START_SECONDS), "-s", "-o", self._server_options()],
                              START_SECONDS + 30)
                    break
                except PostgresUnavailable:
                    if attempt == START_ATTEMPTS or "could not bind" not in self.log_tail():
                        raise
            self._connect_admin(self.url("postgres"))
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the server (fast shutdown, then immediate, then SIGKILL) and remove its folder. Idempotent."""
        atexit.unregister(self.stop)
        if self._admin is not None:
            self._admin.dispose()
            self._admin = None
        if self.external or self.dir is None:
            return
        try:
            if (self.data / "postmaster.pid").exists():
                for mode in ("fast", "immediate"):
                    try:
                        self._run("pg_ctl", ["stop", "-D", str(self.data), "-m", mode, "-w", "-t", str(STOP_SECONDS),
                                             "-s"], STOP_SECONDS + 15)
                        break
                    except PostgresUnavailable:
                        continue
                else:
                    self._kill()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
            self.port = None

    @property
    def data(self) -> Path:
        assert self.dir is not None
        return self.dir / "data"

    @property
    def log(self) -> Path:
        assert self.dir is not None
        return self.dir / "server.log"

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except (OSError, AssertionError):
            return ""

    # --- helpers -------------------------------------------------------------------------------------
    def _server_options(self) -> str:
        """``postgres`` options for ``pg_ctl -o`` (pg_ctl hands them to a shell, hence the quoting)."""
        settings = {**SERVER_SETTINGS, "port": str(self.port), "unix_socket_directories": str(self.dir)}
        return " ".join(f"-c {shlex.quote(f'{key}={value}')}" for key, value in settings.items())

    def _run(self, tool: str, args: list[str], timeout: float) -> None:
        assert self.bin_dir is not None and self.dir is not None
        command = [*self._as_user, str(self.bin_dir / tool), *args]
        env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
        env.update(LC_ALL="C", LANG="C")
        try:
            result = subprocess.run(command, cwd=self.dir, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                                    text=True, errors="replace", timeout=timeout)
        except subprocess.TimeoutExpired:
            raise PostgresUnavailable(self._failure(f"{tool} did not finish in {timeout:g}s", command)) from None
        except OSError as exc:
            raise PostgresUnavailable(f"could not run {command[0]}: {exc}") from exc
        if result.returncode != 0:
            output = (result.stdout + result.stderr).strip()
            raise PostgresUnavailable(self._failure(f"{tool} failed (exit code {result.returncode}): {output}",
                                                    command))

    def _failure(self, what: str, command: list[str]) -> str:
        tail = self.log_tail()
        return (what + (f"\n  command: {shlex.join(command)}" if command else "")
                + (f"\n  server log (last lines):\n{tail}" if tail else ""))

    def _connect_admin(self, url: str) -> None:
        engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError as exc:
            engine.dispose()
            shown = make_url(url).render_as_string(hide_password=True)
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise PostgresUnavailable(self._failure(f"cannot connect to PostgreSQL at {shown}: {reason}", [])) from exc
        self._admin = engine

    def _kill(self) -> None:
        """Last resort when pg_ctl cannot stop the server: SIGKILL the postmaster named in postmaster.pid."""
        try:
            pid = int((self.data / "postmaster.pid").read_text().split()[0])
            os.kill(pid, signal.SIGKILL)
        except (OSError, ValueError, IndexError):
            pass


def _server_user() -> tuple[list[str], pwd.struct_passwd | None]:
    """The command prefix that runs a program as the server's user, and that user (none when we are not root)."""
    if os.geteuid() != 0:
        return [], None
    try:
        owner = pwd.getpwnam(SERVER_USER)
    except KeyError:
        raise PostgresUnavailable(
            f"initdb and postgres refuse to run as root, and there is no '{SERVER_USER}' user to run them as "
            "(Debian's postgresql package creates it: apt-get install postgresql)"
        ) from None
    search = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin", "/usr/bin", "/bin"])
    if runuser := shutil.which("runuser", path=search):
        return [runuser, "-u", SERVER_USER, "--"], owner
    if setpriv := shutil.which("setpriv", path=search):
        return [setpriv, f"--reuid={owner.pw_uid}", f"--regid={owner.pw_gid}", "--init-groups", "--"], owner
    raise PostgresUnavailable(f"running as root, but neither runuser nor setpriv is there to run PostgreSQL as "
                              f"'{SERVER_USER}' (both come with util-linux)")


def _temp_parent(other_user: bool) -> str:
    """The temporary folder's parent; when the server runs as another user, one that user can reach."""
    parent = tempfile.gettempdir()
    if other_user and not all(os.stat(p).st_mode & stat.S_IXOTH for p in [parent, *map(str, Path(parent).parents)]):
        return "/tmp"
    return parent


def _checked_name(name: str) -> str:
    if not _DATABASE_NAME.fullmatch(name):
        raise ValueError(f"not a plain database name: {name!r}")
    return name
