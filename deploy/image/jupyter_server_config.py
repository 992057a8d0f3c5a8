"""Server settings for every server started from the learner image (a system-wide file: the
Dockerfile copies it to /etc/jupyter/). The course's own learner settings (jupyter-config/learner and
common, on JUPYTER_CONFIG_PATH) come first; this file adds what only a shared hub needs.

Memory: deploy/kubernetes/README.md sizes a learner's pod for one running kernel (measured by
benchmarks/kernel_memory.py). JupyterLab keeps a notebook's kernel running after its tab is closed,
so a learner who opens every module would hold nine. A kernel that no browser tab is connected to
and that has done nothing for 20 minutes is shut down (its notebook stays saved; reopening it starts
a new kernel). A kernel in an open tab is never shut down this way.
"""

c = get_config()  # noqa: F821 (provided by Jupyter when it loads this file)

c.MappingKernelManager.cull_idle_timeout = 20 * 60
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = False
