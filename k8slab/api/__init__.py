"""k8slab.api: the Kubernetes API's vocabulary -- the resource table, object helpers, defaulting,
validation, generated names, OpenAPI schemas, server-side Table printing and protobuf decoding."""
