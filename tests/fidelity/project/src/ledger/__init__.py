"""A small ledger whose accounts run in a component: exceptions defined in one module (not
exported) and raised from others, a lazily importing dependency, a resource."""
