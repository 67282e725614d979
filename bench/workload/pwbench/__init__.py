"""The benchmark workload: one module of calls for boundary overhead, one module per kernel.

Each kernel module holds one exported function and nothing a compiler for the typed subset
(issue 6) would have to skip; ``bench/workload/kernels.c`` has the same kernels in C, written
operation for operation alike so that every implementation returns the same value.
"""
