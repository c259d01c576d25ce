"""kubectl's output printers: tables from the server, yaml, json, name, jsonpath, custom-columns, go-template.

Follows `staging/src/k8s.io/cli-runtime/pkg/printers/` and `pkg/genericclioptions/*_flags.go`
(which `-o` value picks which printer). Each module has one printer; `output.py` chooses.
"""
