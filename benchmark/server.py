"""gunicorn under test: start it, find its workers, read their peak memory, stop it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from benchmark.app import DATABASE_ENV, SECRET_ENV

APP = "benchmark.app:create_bench_app()"
WORKERS = 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`gunicorn -w 2` (sync workers) on 127.0.0.1, app loaded in each worker. `python`,
    `app` and `probe` (a cheap page that says it is up) let the peer be served the same way."""

    python = sys.executable
    app = APP
    probe = "/_bench/bare"

    def __init__(
        self, database_url: str, secret_key: str, log_file: Path, workers: int = WORKERS
    ) -> None:
        self.workers = workers
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_file = log_file
        self.env = os.environ | {DATABASE_ENV: database_url, SECRET_ENV: secret_key}
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()

    def start(self) -> None:
        command = [self.python, "-m", "gunicorn", "-w", str(self.workers), "-k", "sync"]
        command += ["-b", f"127.0.0.1:{self.port}", "--error-logfile", str(self.log_file)]
        command.append(self.app)
        self.process = subprocess.Popen(
            command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start; see {self.log_file}")
            if self._answers() and len(self.worker_pids()) == self.workers:
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within 60 s; see {self.log_file}")

    def _answers(self, timeout: float = 2) -> bool:
        try:
            url = f"{self.base_url}{self.probe}"
            with urllib.request.urlopen(url, timeout=timeout) as answer:
                return answer.status == 200
        except OSError:
            return False

    def wait_idle(self, limit: float = 300) -> bool:
        """Wait until the requests queued by the last load are served (sync workers serve
        the backlog in order, so a quick answer to the bare route means it is empty)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            started = time.monotonic()
            if self._answers(timeout=limit) and time.monotonic() - started < 0.5:
                return True
            time.sleep(0.1)
        return False

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def worker_pids(self) -> list[int]:
        """The master's children, from /proc (Linux)."""
        if self.process is None:
            return []
        return children(self.process.pid)

    def reset_peak_memory(self) -> bool:
        """Start the peak-RSS count again (Linux: write 5 to clear_refs); False if refused."""
        done = True
        for pid in self.worker_pids():
            try:
                Path(f"/proc/{pid}/clear_refs").write_text("5")
            except OSError:
                done = False
        return done

    def cpu_seconds(self) -> float:
        """User + system CPU the workers have used so far: per request, it hardly depends
        on what else the machine is doing, unlike requests per second."""
        return sum(cpu_seconds(pid) for pid in self.worker_pids())

    def peak_memory_mb(self) -> float | None:
        """The highest VmHWM among the workers, in MiB."""
        peaks = [status_kib(pid, "VmHWM") for pid in self.worker_pids()]
        known = [kib for kib in peaks if kib is not None]
        return round(max(known) / 1024, 1) if known else None


def children(pid: int) -> list[int]:
    listing = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(child) for child in listing.read_text().split()]
    except OSError:
        pass
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and status_kib(int(entry.name), "PPid") == pid:
            found.append(int(entry.name))
    return sorted(found)


def status_kib(pid: int, key: str) -> int | None:
    """A number from /proc/<pid>/status (kB for memory lines)."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1])
    return None


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, from /proc/<pid>/stat (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
