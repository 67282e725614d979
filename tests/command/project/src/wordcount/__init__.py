"""A word-count tool: the library (``count``) and its command line (``cli.main``)."""
