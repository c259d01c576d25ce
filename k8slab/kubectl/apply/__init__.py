"""Client-side `kubectl apply`: the last-applied-configuration annotation and the patch kubectl
computes from it (the command itself is `k8slab/kubectl/commands/apply.py`).

    lastapplied.py   the annotation: reading it, writing it (create --save-config, apply)
    patcher.py       the three-way patch (strategic merge for built-in kinds, JSON merge for
                     the rest), sent to the server with kubectl's retries on conflict
    serverside.py    `--server-side`: the apply patch and its conflict message

Follows `staging/src/k8s.io/kubectl/pkg/cmd/apply/` (apply.go, patcher.go) and
`kubectl/pkg/util/apply.go`.
"""
