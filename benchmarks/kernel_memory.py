"""Memory per learner, and how many learners fit on one Kubernetes node (deploy/kubernetes/README.md).

Builds a fresh learner workspace in a throwaway HOME (the same copies `make lab` and the learner
image give), then for each module starts one kernel in the module's folder, runs the learner copy
top to bottom (what "Run All" does), and reads the kernel's peak resident memory (``VmHWM`` in
``/proc/<pid>/status``: the most physical memory the process ever held). It also starts one
learner Jupyter server with the course's learner settings, opens JupyterLab and a notebook through
it, and reads the server's memory. From these and the hub's memory it works out how many learners
fit on one node, and prints the assumptions with the answer.

    .venv/bin/python benchmarks/kernel_memory.py [--node-gib 24] [--cores 2] [--hub-mib N]

``--hub-mib``: the hub's own memory, when measured elsewhere (deploy/jupyterhub/README.md);
without it a bare ``jupyterhub`` process (no proxy, no users) is started here and measured.
Linux only (it reads ``/proc``).
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

from private_home import HOME  # first: a throwaway HOME before anything below reads it

# isort: split

import nbformat
import requests
import zmq
from jupyter_client import KernelManager
from nbclient import NotebookClient

from coownership import course

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "jupyter-config"
MIB = 1024 * 1024


def proc_kib(pid: int, field: str) -> int:
    """A memory field of ``/proc/<pid>/status`` (VmRSS, VmHWM), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for process {pid}")


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and its children (a server and the proxy it starts)."""
    total = proc_kib(pid, "VmRSS")
    children = Path(f"/proc/{pid}/task/{pid}/children")
    for child in children.read_text().split() if children.exists() else []:
        try:
            total += tree_rss_kib(int(child))
        except (OSError, RuntimeError):
            pass
    return total


def kernel_peak(notebook: Path) -> tuple[float, float, float]:
    """Run ``notebook`` top to bottom in a fresh kernel started in its folder; return the kernel's
    peak and final resident memory (MiB) and the seconds the run took."""
    km = KernelManager(kernel_name="python3", transport_encryption="auto" if zmq.has("curve") else "disabled")
    km.start_kernel(cwd=str(notebook.parent))
    try:
        assert km.provisioner is not None
        pid = km.provisioner.process.pid  # type: ignore[attr-defined]
        nb = nbformat.read(notebook, as_version=4)
        start = time.perf_counter()
        NotebookClient(nb, km=km, timeout=300, resources={"metadata": {"path": str(notebook.parent)}}).execute()
        seconds = time.perf_counter() - start
        return proc_kib(pid, "VmHWM") / 1024, proc_kib(pid, "VmRSS") / 1024, seconds
    finally:
        km.shutdown_kernel(now=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: the process stopped (exit {proc.returncode})")
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer in {seconds:.0f} s")


def server_memory(workspace: Path) -> tuple[float, float]:
    """Start a learner's Jupyter server (the course's learner settings, as in the image), open
    JupyterLab and module 00 through it; return the server's resident memory (MiB) after that and
    its peak."""
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_TOKEN=token)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(str(CONFIG / d) for d in ("learner", "common"))
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}"]
    cmd += [f"--ServerApp.root_dir={workspace}", f"--LabApp.app_settings_dir={CONFIG / 'lab-settings'}"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/api/status?token={token}", proc)
        first = course.module_ids()[0]
        for path in ("/lab", f"/lab/tree/{first}/{first}.ipynb", f"/api/contents/{first}/{first}.ipynb"):
            requests.get(f"{base}{path}?token={token}", timeout=30).raise_for_status()
        time.sleep(1)
        return proc_kib(proc.pid, "VmRSS") / 1024, proc_kib(proc.pid, "VmHWM") / 1024
    finally:
        proc.terminate()
        proc.wait(timeout=30)


CHP = REPO / "deploy" / "jupyterhub" / "node_modules" / ".bin" / "configurable-http-proxy"


def hub_memory() -> tuple[float, float | None]:
    """A bare JupyterHub (dummy login, no users) and its proxy: resident memory (MiB) of each a few
    seconds after start. The proxy is configurable-http-proxy from deploy/jupyterhub/ when it is
    installed there (npm); otherwise the hub runs without one (it retries the proxy meanwhile) and
    the proxy's memory is None."""
    port, folder = free_port(), HOME / "hub"
    folder.mkdir()
    config = [
        "c.JupyterHub.authenticator_class = 'dummy'",
        f"c.JupyterHub.hub_port = {port}",
        f"c.JupyterHub.port = {free_port()}",
        f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{free_port()}'",
    ]
    config += [f"c.ConfigurableHTTPProxy.command = [{str(CHP)!r}]"] if CHP.exists() else []
    config += [] if CHP.exists() else ["c.ConfigurableHTTPProxy.should_start = False"]
    (folder / "jupyterhub_config.py").write_text("\n".join(config) + "\n")
    hub = Path(sys.executable).parent / "jupyterhub"
    proc = subprocess.Popen([str(hub)], cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if CHP.exists():
            wait_for(f"http://127.0.0.1:{port}/hub/api/", proc)
        time.sleep(5)
        if proc.poll() is not None:
            raise RuntimeError(f"jupyterhub stopped (exit {proc.returncode})")
        hub_mib = proc_kib(proc.pid, "VmRSS") / 1024
        proxy_mib = (tree_rss_kib(proc.pid) / 1024 - hub_mib) if CHP.exists() else None
        return hub_mib, proxy_mib
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--node-gib", type=float, default=24, help="memory of one node (default 24 GiB)")
    parser.add_argument("--cores", type=int, default=2, help="cores of one node (default 2)")
    parser.add_argument("--hub-mib", type=float, default=None, help="the hub's memory, if measured elsewhere")
    parser.add_argument("--headroom", type=float, default=0.25, help="share of the node kept free (default 0.25)")
    parser.add_argument("--system-gib", type=float, default=1.5, help="Kubernetes and the OS on the node (default 1.5)")
    parser.add_argument("--proxy-mib", type=float, default=100, help="the proxy, when not measured here (default 100)")
    args = parser.parse_args()

    workspace = HOME / "learner"
    print("Building a fresh learner workspace (nbgrader releases every module; about a minute)...", flush=True)
    course.build_workspace(workspace, course_root=HOME / "course")
    load = os.getloadavg()
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} cores)")
    print(f"{'module':42} {'kernel peak MiB':>15} {'at end MiB':>10} {'run-all s':>9}")
    peaks, times = {}, {}
    for module in course.module_ids():
        peak, end, seconds = kernel_peak(workspace / module / f"{module}.ipynb")
        peaks[module], times[module] = peak, seconds
        print(f"{module:42} {peak:15.0f} {end:10.0f} {seconds:9.2f}", flush=True)
    worst = max(peaks, key=lambda m: peaks[m])
    server, server_peak = server_memory(workspace)
    print(
        f"learner Jupyter server (JupyterLab and module 00 opened): {server:.0f} MiB resident, peak {server_peak:.0f}"
    )
    if args.hub_mib is None:
        hub, proxy = hub_memory()
        print(f"bare jupyterhub (no users), measured here: {hub:.0f} MiB")
        if proxy is not None:
            print(f"its proxy (configurable-http-proxy), measured here: {proxy:.0f} MiB")
            args.proxy_mib = proxy
    else:
        hub = args.hub_mib
        print(f"hub (given): {hub:.0f} MiB")

    learner = peaks[worst] + server_peak
    node = args.node_gib * 1024
    usable = node * (1 - args.headroom) - args.system_gib * 1024 - hub - args.proxy_mib
    fit = int(usable // learner)
    print()
    print(f"one learner at its heaviest: kernel {peaks[worst]:.0f} MiB ({worst}) + server {server_peak:.0f} MiB")
    print(f"  = {learner:.0f} MiB")
    print(
        f"node {node:.0f} MiB, less {args.headroom:.0%} headroom, {args.system_gib * 1024:.0f} MiB for Kubernetes "
        f"and the OS, the hub {hub:.0f} MiB and the proxy {args.proxy_mib:.0f} MiB: {usable:.0f} MiB for learners"
    )
    print(f"learners who fit by memory: {fit} (each running one kernel at a time)")
    slowest = max(times.values())
    per_minute = args.cores * 60 / slowest
    print(
        f"CPU: {args.cores} cores. Learners mostly read and type; the slowest Run All here took {slowest:.1f} s of "
        f"one core, so the node can serve about {per_minute:.0f} Run Alls a minute (a whole group pressing "
        f"Run All at the same moment waits up to {fit * slowest / args.cores:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
