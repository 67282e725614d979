"""A small double-entry bookkeeping."""
