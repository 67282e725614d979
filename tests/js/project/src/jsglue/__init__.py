"""Test package of the JS glue tests: built into the ``jsglue`` component."""
