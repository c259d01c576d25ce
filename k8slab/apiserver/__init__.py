"""k8slab.apiserver: kube-apiserver -- the request pipeline (authn -> authz -> admission -> registry
-> storage), REST handlers, watch streams, patch types, discovery and the HTTP server."""
