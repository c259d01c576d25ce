"""k8slab.api.openapi: every served type declared once in a small schema language, and what the API
server builds from it -- the OpenAPI v3 index and documents (kubectl explain, kubectl apply's
fieldValidation check) and strict field validation (unknown and duplicate fields).

    from k8slab.api import openapi
    openapi.index()                      # GET /openapi/v3
    openapi.document("apis/apps/v1")     # GET /openapi/v3/apis/apps/v1
    openapi.validate(deployment_dict)    # [("spec.replicass", 'unknown field "spec.replicass"')]

Modules: dsl (the language), meta/core_*/apps/batch/net/auth/misc/apiextensions (the types),
paths (REST operations), document (index and documents), validate (strict decoding checks).
"""

from . import dsl
from . import meta, core_container, core_pod, core_volume, core_cluster, core_storage  # noqa: F401  (register types)
from . import apps, batch, net, auth, misc, apiextensions  # noqa: F401
from .document import (KUBERNETES_VERSION, closure, component, document, document_bytes, document_hash,
                       group_versions, gv_key, index, schema_name)
from .validate import decode_check, find_duplicate_fields, strict_error_message, validate

TYPES = dsl.TYPES

__all__ = ["TYPES", "KUBERNETES_VERSION", "closure", "component", "document", "document_bytes", "document_hash",
           "group_versions", "gv_key", "index", "schema_name", "validate", "decode_check", "find_duplicate_fields",
           "strict_error_message"]
