"""Schemas shared by every API group: object and list metadata, label selectors, Status, DeleteOptions,
and the scalar-like types (Time, Quantity, IntOrString...) that have their own JSON form.

Facts from k8s.io/apimachinery v0.32.0: pkg/apis/meta/v1/types.go, watch.go, time.go, micro_time.go,
pkg/api/resource/quantity.go, pkg/util/intstr/intstr.go, pkg/runtime/types.go. The JSON shapes of the
scalar-like types follow their OpenAPIV3Definition methods (Quantity: string or number; IntOrString:
integer or string, format int-or-string).

Differences from upstream: descriptions are ours. Types the server never shows in a document we
serve (ListOptions, Table, APIGroup...) are left out.
"""

from .dsl import declare, declare_raw

declare_raw("io.k8s.apimachinery.pkg.apis.meta.v1.Time",
            "A point in time, sent as an RFC 3339 string in UTC with one-second precision, e.g. "
            "\"2024-05-01T12:00:00Z\".",
            {"type": "string", "format": "date-time"})
declare_raw("io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime",
            "Like Time, but with microsecond precision: \"2024-05-01T12:00:00.123456Z\".",
            {"type": "string", "format": "date-time"})
declare_raw("io.k8s.apimachinery.pkg.api.resource.Quantity",
            "An amount of a resource written as a number with an optional suffix: binary (Ki, Mi, Gi, Ti, "
            "Pi, Ei), decimal (k, M, G, T, P, E) or milli (m), or with an exponent (1e3). Examples: "
            "\"100m\" CPU is a tenth of a core, \"128Mi\" memory is 128 x 2^20 bytes. The server keeps "
            "the value exactly and prints it in a canonical form.",
            {"oneOf": [{"type": "string"}, {"type": "number"}]})
declare_raw("io.k8s.apimachinery.pkg.util.intstr.IntOrString",
            "A value that may be a whole number or a string: a port number or a port name, a replica "
            "count or a percentage such as \"25%\".",
            {"format": "int-or-string", "oneOf": [{"type": "integer"}, {"type": "string"}]})
declare_raw("io.k8s.apimachinery.pkg.runtime.RawExtension",
            "An embedded object of any kind, kept as raw JSON. Whoever reads it decides how to decode it.",
            {"type": "object"})
declare_raw("io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1",
            "A set of field paths in a compact JSON trie (keys like \"f:spec\", \"k:{...}\", \"v:...\"), "
            "used by server-side apply to record who owns which field.",
            {"type": "object"})
declare_raw("io.k8s.apimachinery.pkg.apis.meta.v1.Patch",
            "The body of a PATCH request; its format depends on the Content-Type (JSON patch, merge patch, "
            "strategic merge patch or apply configuration).",
            {"type": "object"})

declare("meta", """
ObjectMeta: Metadata every persisted object carries: its identity (name, namespace, uid), its labels and
    annotations, its owners, and bookkeeping the server maintains (resourceVersion, generation,
    timestamps, managed fields).
  name                        string                                     -- The object's name, unique among objects of
    its kind in its namespace. Usually a DNS subdomain. Cannot be changed after creation.
  generateName                string                                     -- A prefix the server uses to make up a
    unique name when `name` is empty, by appending five random characters (e.g. "web-" -> "web-x7k2p").
  namespace                   string                                     -- The namespace the object lives in. Empty
    for cluster-scoped objects; for namespaced ones it defaults to the namespace of the request.
  selfLink                    string                                     -- Deprecated and no longer filled in.
  uid                         string                                     -- A unique id the server assigns at
    creation. Two objects with the same name created at different times have different uids. Read-only.
  resourceVersion             string                                     -- An opaque version string that changes on
    every write (in k8slab and upstream it is the etcd revision). Sent back on update for optimistic
    concurrency, and used as the starting point of a watch. Read-only.
  generation                  int64                                      -- A counter of changes to the desired state
    (spec); controllers report the generation they have acted on. Read-only.
  creationTimestamp           Time                                       -- When the server created the object.
    Read-only.
  deletionTimestamp           Time?                                      -- Set when deletion was requested but the
    object is still there, waiting for its finalizers to be removed or its grace period to end. Read-only.
  deletionGracePeriodSeconds  int64                                      -- How many seconds the object was given to
    shut down gracefully once deletion was requested. Read-only.
  labels                      {string}                                   -- Key/value pairs used to organise and
    select objects (selectors in Services, Deployments and kubectl -l match on them).
  annotations                 {string}                                   -- Key/value pairs for tools and people:
    non-identifying data that selectors cannot query (kubectl stores last-applied-configuration here).
  ownerReferences             [OwnerReference]  list=map(uid) smp=merge:uid  -- Objects this one depends on. When
    every owner is gone, the garbage collector deletes this object. At most one owner is the controller.
  finalizers                  [string]          list=set smp=merge       -- Names of cleanup steps that must finish
    before the object is really deleted. Each finalizer's controller removes its entry when done.
  managedFields               [ManagedFieldsEntry]  list=atomic          -- Which manager (kubectl, a controller...)
    last set which fields, used by server-side apply to detect conflicts. Mostly internal.

ListMeta: Metadata of a list response.
  selfLink                    string                                     -- Deprecated and no longer filled in.
  resourceVersion             string                                     -- The version of the collection the list was
    read at. Start a watch from here to see every change made after the list.
  continue                    string                                     -- Set when the list was cut short by a limit:
    pass it back as the continue parameter to get the next page.
  remainingItemCount          int64                                      -- When paging, an estimate of how many items
    are left after this page.

OwnerReference (atomic): Points to an object that owns this one (a ReplicaSet owns its pods). Owners must
    be in the same namespace or be cluster-scoped.
  apiVersion*                 string                                     -- API version of the owner.
  kind*                       string                                     -- Kind of the owner.
  name*                       string                                     -- Name of the owner.
  uid*                        string                                     -- Uid of the owner, so that a new object
    with the same name is not mistaken for it.
  controller                  bool                                       -- True on the one owner that manages this
    object.
  blockOwnerDeletion          bool                                       -- With foreground deletion, keep the owner
    around until this object is deleted.

ManagedFieldsEntry: Records the set of fields one manager owns after one kind of operation.
  manager                     string                                     -- Name of the manager, e.g. "kubectl" or
    "kube-controller-manager".
  operation                   string                                     -- "Apply" or "Update": how the fields were
    set.
  apiVersion                  string                                     -- The API version the field set is written
    against.
  time                        Time?                                      -- When this manager last changed the fields.
  fieldsType                  string                                     -- Format of fieldsV1; only "FieldsV1" exists.
  fieldsV1                    FieldsV1?                                  -- The owned fields.
  subresource                 string                                     -- The subresource the write went through
    ("status", "scale"), or empty for the main resource.

LabelSelector (atomic): Selects objects by their labels. All given conditions must hold. An empty selector
    matches everything; a missing one matches nothing.
  matchLabels                 {string}                                   -- Labels that must be present with exactly
    these values. Same as matchExpressions entries with operator In and a single value.
  matchExpressions            [LabelSelectorRequirement]  list=atomic    -- More expressive conditions on labels.

LabelSelectorRequirement: One condition of a label selector.
  key*                        string                                     -- The label key.
  operator*                   string                                     -- In, NotIn, Exists or DoesNotExist.
  values                      [string]          list=atomic              -- Values for In and NotIn (at least one);
    must be empty for Exists and DoesNotExist.

Condition: A standard condition: one aspect of an object's state, with when and why it last changed.
  type*                       string                                     -- What the condition is about, in CamelCase
    (for example "Available").
  status*                     string                                     -- "True", "False" or "Unknown".
  observedGeneration          int64                                      -- The metadata.generation the condition was
    computed from.
  lastTransitionTime*         Time                                       -- When status last changed.
  reason*                     string                                     -- A short CamelCase word for why.
  message*                    string                                     -- A sentence for humans.

FieldSelectorRequirement: One condition on a field value, as used by field selectors.
  key*                        string                                     -- The field path, e.g. "spec.nodeName".
  operator*                   string                                     -- In, NotIn, Exists or DoesNotExist.
  values                      [string]          list=atomic              -- Values for In and NotIn.

Preconditions: Conditions that must hold before a delete goes ahead.
  uid                         string                                     -- Delete only if the object has this uid.
  resourceVersion             string                                     -- Delete only if the object is at this
    resourceVersion.

DeleteOptions: The body of a DELETE request: how to delete, and what to do with dependents.
  apiVersion                  string                                     -- API version of this options object.
  kind                        string                                     -- "DeleteOptions".
  gracePeriodSeconds          int64                                      -- Seconds to wait before deleting; 0 means
    now. Empty uses the object's own default (a pod's terminationGracePeriodSeconds).
  preconditions               Preconditions?                             -- Checks that must pass before deleting.
  orphanDependents            bool                                       -- Deprecated; use propagationPolicy.
  propagationPolicy           string                                     -- What happens to dependents: "Orphan"
    leaves them, "Background" deletes them afterwards, "Foreground" deletes them first.
  dryRun                      [string]          list=atomic              -- ["All"] runs every step without storing.
  ignoreStoreReadErrorWithClusterBreakingPotential  bool                 -- Delete an object even if it cannot be
    decoded from storage. Dangerous; needs special permission.

Status (gvk): The answer of a call that returns no object, and the body of every error: whether it
    succeeded, why not, and details.
  apiVersion                  string                                     -- "v1".
  kind                        string                                     -- "Status".
  metadata                    ListMeta                                   -- Usually empty.
  status                      string                                     -- "Success" or "Failure".
  message                     string                                     -- A human-readable explanation.
  reason                      string                                     -- A machine-readable CamelCase reason such
    as NotFound, AlreadyExists, Conflict, Invalid or Forbidden.
  details                     StatusDetails?    list=atomic              -- More about the object and fields involved.
  code                        int32                                      -- The HTTP status code, repeated here.

StatusDetails: Extra data in a Status: the object involved and the individual causes.
  name                        string                                     -- Name of the object involved.
  group                       string                                     -- API group of the object involved.
  kind                        string                                     -- Kind (or resource) of the object involved.
  uid                         string                                     -- Uid of the object involved.
  causes                      [StatusCause]     list=atomic              -- The individual problems, e.g. one per
    invalid field.
  retryAfterSeconds           int32                                      -- How long the client should wait before
    trying again.

StatusCause: One reason a request failed.
  reason                      string                                     -- A machine-readable reason such as
    FieldValueInvalid.
  message                     string                                     -- A human-readable explanation.
  field                       string                                     -- The field at fault, as a path like
    "spec.containers[0].image".

WatchEvent (gvk): One event of a watch stream.
  type*                       string                                     -- ADDED, MODIFIED, DELETED, BOOKMARK or
    ERROR.
  object*                     RawExtension                               -- The object after the change; for ERROR, a
    Status.
""")
