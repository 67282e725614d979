"""One module per suite; each has ``NAME``, ``TITLE`` and ``run(workspace) -> Suite``."""
