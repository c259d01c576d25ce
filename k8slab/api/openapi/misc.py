"""Schemas of the smaller groups: storage.k8s.io/v1 (StorageClass), coordination.k8s.io/v1 (Lease),
scheduling.k8s.io/v1 (PriorityClass), events.k8s.io/v1 (Event) and policy/v1 (PodDisruptionBudget,
Eviction).

Facts (field names, types, markers) from k8s.io/api v0.32.0 storage/v1, coordination/v1,
scheduling/v1, events/v1 and policy/v1 types.go.
Differences from upstream: descriptions are ours and shorter.
"""

from .dsl import declare

declare("storage", """
StorageClass (kind, list): A class of storage: which provisioner creates volumes for claims of this class,
    with which parameters. The annotation storageclass.kubernetes.io/is-default-class marks the default.
  provisioner*              string  -- The volume plugin or CSI driver that provisions volumes.
  parameters                {string}  -- Settings passed to the provisioner.
  reclaimPolicy             string  enum=Delete|Recycle|Retain  -- Reclaim policy of the provisioned volumes;
    Delete by default.
  mountOptions              [string]  list=atomic  -- Mount options for the provisioned volumes.
  allowVolumeExpansion      bool  -- Whether claims may be resized.
  volumeBindingMode         string  enum=Immediate|WaitForFirstConsumer  -- Provision at once (Immediate) or wait
    until a pod using the claim is scheduled.
  allowedTopologies         [TopologySelectorTerm]  list=atomic  -- Where volumes may be provisioned.
""")

declare("coordination", """
Lease (kind, list): A lightweight lock with an owner and an expiry: kubelets renew one per node as a
    heartbeat, and controllers use them for leader election.
  spec                      LeaseSpec  -- Holder and timing.

LeaseSpec: The state of a lease.
  holderIdentity            string  -- Who holds it.
  leaseDurationSeconds      int32  -- How long others wait after the last renewal before taking it over.
  acquireTime               MicroTime?  -- When the current holder took it.
  renewTime                 MicroTime?  -- When the holder last renewed it.
  leaseTransitions          int32  -- How many times it changed hands.
  strategy                  string  -- How a new holder is chosen, for coordinated leader election.
  preferredHolder           string  -- The holder the election prefers.
""")

declare("scheduling", """
PriorityClass (kind, list): Maps a name to a pod priority. Higher-priority pods are scheduled first and may
    preempt lower ones.
  value*                    int32  -- The priority; larger is more important. Up to one billion for user classes.
  globalDefault             bool  -- Use this class for pods that name none. At most one class may set it.
  description               string  -- When to use this class, for humans.
  preemptionPolicy          string  enum=Never|PreemptLowerPriority  -- Whether its pods may evict lower-priority
    pods. PreemptLowerPriority by default.
""")

declare("events", """
Event (kind, list): The newer form of core Events: a report of something that happened to an object,
    with clearer field names. Both forms are views of the same stored objects.
  eventTime*                MicroTime  -- When it first happened.
  series                    EventSeries?  -- Data about repeats.
  reportingController       string  -- The controller that reported it, e.g. kubernetes.io/kubelet.
  reportingInstance         string  -- Which instance of it.
  action                    string  -- What was done or failed.
  reason                    string  -- Why, as a CamelCase word.
  regarding                 ObjectReference  -- The object it is about.
  related                   ObjectReference?  -- A second object involved.
  note                      string  -- A description for humans.
  type                      string  -- Normal or Warning.
  deprecatedSource          EventSource  -- The core Event's source field.
  deprecatedFirstTimestamp  Time  -- The core Event's firstTimestamp.
  deprecatedLastTimestamp   Time  -- The core Event's lastTimestamp.
  deprecatedCount           int32  -- The core Event's count.

EventSeries: A run of repeated events.
  count*                    int32  -- Occurrences so far.
  lastObservedTime*         MicroTime  -- When it was last seen.
""")

declare("policy", """
PodDisruptionBudget (kind, list): Limits how many pods of an application voluntary disruptions (node drains,
    evictions) may take down at once.
  spec                      PodDisruptionBudgetSpec  -- The pods and the budget.
  status                    PodDisruptionBudgetStatus  -- How many disruptions are allowed now.

PodDisruptionBudgetSpec: A disruption budget. Set minAvailable or maxUnavailable.
  minAvailable              IntOrString?  -- Pods that must stay available, as a number or percentage.
  selector                  LabelSelector?  smp=replace  -- The pods it protects.
  maxUnavailable            IntOrString?  -- Pods that may be unavailable, as a number or percentage.
  unhealthyPodEvictionPolicy  string  enum=AlwaysAllow|IfHealthyBudget  -- Whether pods that are not ready may be
    evicted regardless of the budget.

PodDisruptionBudgetStatus: Observed state of a budget.
  observedGeneration        int64  -- The generation last acted on.
  disruptedPods             {Time}  -- Pods being evicted, with when the eviction was accepted.
  disruptionsAllowed*       int32  -- Evictions allowed right now.
  currentHealthy*           int32  -- Healthy pods now.
  desiredHealthy*           int32  -- Healthy pods needed.
  expectedPods*             int32  -- Pods the budget counts.
  conditions                [Condition]  list=map(type) smp=merge:type  -- DisruptionAllowed and others.

Eviction (kind): Asks to evict a pod while honouring disruption budgets; posted to the pod's eviction
    subresource (kubectl drain does this).
  deleteOptions             DeleteOptions?  -- Options for deleting the pod.
""")
