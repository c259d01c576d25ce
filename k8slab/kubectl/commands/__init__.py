"""kubectl's commands, one module each; every module registers its commands with
`registry.command` and is imported only when one of them runs (see registry.py)."""
