"""Go struct layouts of k8s.io/api types, per Kubernetes version, for `..spew` (ComputeHash).

`v1_11` is the booklet's version, `v1_33` today's. With them k8slab names ReplicaSets as real
clusters do: the booklet's `redis-7c7545cbcb` and `redis-bb7894d65` (v1.11), the documentation's
`nginx-deployment-647677fc66` (v1.32 and v1.33).
"""
