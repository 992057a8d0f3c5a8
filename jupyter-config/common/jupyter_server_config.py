"""Jupyter server settings shared by `make lab` (learners) and `make instructor`.

The coownership command puts this folder on JUPYTER_CONFIG_PATH. The aim: the terminal shows the
steps, the address and how to stop, and nothing a learner has to learn to ignore.
"""

import zmq

c = get_config()  # noqa: F821 (provided by Jupyter when it loads this file)

# jupyter_server_config.json beside this file switches off Voila's server extension in the lab and
# instructor servers: `make present` runs Voila on its own, and the extension makes the lab server
# log a DeprecationWarning about ServerApp.token at start.

# Only warnings and errors in the terminal: no "extension was successfully linked", "JupyterLab
# extension loaded", "Kernel started" or "Saving file" lines. (Application covers the server and
# its extension apps such as LabApp.) The coownership command prints the address itself.
c.Application.log_level = "WARN"
# Ctrl+C stops the course at once (no "Shut down this Jupyter server (y/[n])?" with a 5 s timeout).
c.ServerApp.answer_yes = True

# Kernels talk to the server over local TCP sockets. Encrypt that traffic (CurveZMQ keys made by
# the kernel manager for each kernel; ipykernel's kernelspec declares support) instead of every
# kernel warning "Kernel is running over TCP without encryption". Needs pyzmq built with CurveZMQ,
# which PyPI's and conda-forge's builds are; without it the kernel runs as before and warns.
if zmq.has("curve"):
    c.KernelManager.transport_encryption = "auto"

# The course installs no language servers; do not search for ~20 of them at every start (which
# logs "Skipped non-installed server(s): ...").
c.LanguageServerManager.autodetect = False

# jupyter_server's default websocket ping timeout (3 x 30 s) is longer than its ping interval
# (30 s), which Tornado 6.5 refuses with a warning at the first kernel connection ("The
# websocket_ping_timeout (90000) cannot be longer than the websocket_ping_interval (30000)").
# Say the same thing Tornado then does: time out after one interval.
c.ServerApp.tornado_settings = {"ws_ping_timeout": 30000}
