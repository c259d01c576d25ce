"""apps/v1 schemas: Deployment, ReplicaSet, DaemonSet, StatefulSet and ControllerRevision.

Facts (field names, types, markers) from k8s.io/api v0.32.0 apps/v1/types.go.
Differences from upstream: descriptions are ours and shorter.
"""

from .dsl import declare

declare("apps", """
Deployment (kind, list): Declarative updates for stateless pods. A Deployment owns ReplicaSets: changing
    its pod template creates a new ReplicaSet and shifts the replicas to it step by step (a rollout),
    keeping old ReplicaSets for rollbacks.
  spec                      DeploymentSpec  -- Desired state: replicas, selector, pod template, update strategy.
  status                    DeploymentStatus  -- Rollout progress as the deployment controller sees it.

DeploymentSpec: Desired state of a Deployment.
  replicas                  int32  -- How many pods to run. 1 by default; kubectl scale changes it.
  selector*                 LabelSelector?  -- Which pods belong to the Deployment. Must match the template's
    labels, and cannot be changed in apps/v1.
  template*                 PodTemplateSpec  -- The pod to create. Any change to it starts a new rollout.
  strategy                  DeploymentStrategy  smp=retainKeys  -- How old pods are replaced by new ones.
  minReadySeconds           int32  -- Seconds a new pod must be ready, without crashing, before it counts as
    available. 0 by default.
  revisionHistoryLimit      int32  -- How many old ReplicaSets to keep for rollbacks. 10 by default.
  paused                    bool  -- While true, template changes do not start a rollout.
  progressDeadlineSeconds   int32  -- Seconds without progress before the rollout is reported as failed
    (condition Progressing=False, reason ProgressDeadlineExceeded). 600 by default.

DeploymentStrategy: How a Deployment replaces pods.
  type                      string  enum=Recreate|RollingUpdate  -- RollingUpdate (the default) replaces pods
    gradually; Recreate deletes all old pods before creating new ones.
  rollingUpdate             RollingUpdateDeployment?  -- Pace of a rolling update.

RollingUpdateDeployment: Pace of a rolling update.
  maxUnavailable            IntOrString?  -- How many pods may be unavailable during the update, as a number or a
    percentage of replicas (rounded down). 25% by default.
  maxSurge                  IntOrString?  -- How many pods may exist above the desired count during the update,
    as a number or a percentage (rounded up). 25% by default.

DeploymentStatus: Observed state of a Deployment.
  observedGeneration        int64  -- The generation the controller last acted on.
  replicas                  int32  -- Pods owned by the Deployment, old and new.
  updatedReplicas           int32  -- Pods that already run the current template.
  readyReplicas             int32  -- Pods that are ready.
  availableReplicas         int32  -- Pods ready for at least minReadySeconds.
  unavailableReplicas       int32  -- Pods still missing to reach the desired count.
  conditions                [DeploymentCondition]  list=map(type) smp=merge:type  -- Available, Progressing and
    ReplicaFailure.
  collisionCount            int32  -- Counter used to avoid name clashes of new ReplicaSets.

DeploymentCondition: One aspect of a Deployment's state.
  type*                     string  -- Available, Progressing or ReplicaFailure.
  status*                   string  -- True, False or Unknown.
  lastUpdateTime            Time  -- When it was last updated.
  lastTransitionTime        Time  -- When status last changed.
  reason                    string  -- A CamelCase word, e.g. NewReplicaSetAvailable.
  message                   string  -- A sentence about the condition.

ReplicaSet (kind, list): Keeps a given number of identical pods running, creating or deleting pods that
    match its selector. Usually managed by a Deployment rather than used directly.
  spec                      ReplicaSetSpec  -- Desired replicas, selector and pod template.
  status                    ReplicaSetStatus  -- Observed replicas.

ReplicaSetSpec: Desired state of a ReplicaSet.
  replicas                  int32  -- How many pods to keep. 1 by default.
  minReadySeconds           int32  -- Seconds a new pod must be ready before it counts as available.
  selector*                 LabelSelector?  -- Which pods it counts as its own. Must match the template's labels.
  template                  PodTemplateSpec  -- The pod to create when pods are missing.

ReplicaSetStatus: Observed state of a ReplicaSet.
  replicas*                 int32  -- Pods that exist.
  fullyLabeledReplicas      int32  -- Pods whose labels match the template's.
  readyReplicas             int32  -- Pods that are ready.
  availableReplicas         int32  -- Pods ready for at least minReadySeconds.
  observedGeneration        int64  -- The generation last acted on.
  conditions                [ReplicaSetCondition]  list=map(type) smp=merge:type  -- Conditions, e.g.
    ReplicaFailure.

ReplicaSetCondition: One aspect of a ReplicaSet's state.
  type*                     string  -- The condition, e.g. ReplicaFailure.
  status*                   string  -- True, False or Unknown.
  lastTransitionTime        Time  -- When status last changed.
  reason                    string  -- A CamelCase word for the last change.
  message                   string  -- A sentence about the last change.

DaemonSet (kind, list): Runs one copy of a pod on every node (or every node that matches its template's
    node selector): log collectors, node agents, network plugins.
  spec                      DaemonSetSpec  -- Selector, pod template and update strategy.
  status                    DaemonSetStatus  -- How many nodes run the pod.

DaemonSetSpec: Desired state of a DaemonSet.
  selector*                 LabelSelector?  -- Which pods belong to it. Must match the template's labels.
  template*                 PodTemplateSpec  -- The pod to run on each node; its restartPolicy must be Always.
  updateStrategy            DaemonSetUpdateStrategy  -- How pods are replaced when the template changes.
  minReadySeconds           int32  -- Seconds a new pod must be ready before it counts as available.
  revisionHistoryLimit      int32  -- How many old revisions to keep for rollbacks. 10 by default.

DaemonSetUpdateStrategy: How a DaemonSet replaces pods.
  type                      string  enum=OnDelete|RollingUpdate  -- RollingUpdate (the default) replaces pods node
    by node; OnDelete only creates new pods where old ones were deleted by hand.
  rollingUpdate             RollingUpdateDaemonSet?  -- Pace of a rolling update.

RollingUpdateDaemonSet: Pace of a DaemonSet rolling update.
  maxUnavailable            IntOrString?  -- How many nodes may be without a ready pod during the update, as a
    number or a percentage. 1 by default.
  maxSurge                  IntOrString?  -- How many nodes may run an old and a new pod at the same time. 0 by
    default.

DaemonSetStatus: Observed state of a DaemonSet.
  currentNumberScheduled*   int32  -- Nodes that run the pod and should.
  numberMisscheduled*       int32  -- Nodes that run the pod but should not.
  desiredNumberScheduled*   int32  -- Nodes that should run the pod.
  numberReady*              int32  -- Nodes whose pod is ready.
  observedGeneration        int64  -- The generation last acted on.
  updatedNumberScheduled    int32  -- Nodes that run the current template.
  numberAvailable           int32  -- Nodes whose pod is available.
  numberUnavailable         int32  -- Nodes that should run an available pod but do not.
  collisionCount            int32  -- Counter used to avoid revision name clashes.
  conditions                [DaemonSetCondition]  list=map(type) smp=merge:type  -- Conditions.

DaemonSetCondition: One aspect of a DaemonSet's state.
  type*                     string  -- The condition.
  status*                   string  -- True, False or Unknown.
  lastTransitionTime        Time  -- When status last changed.
  reason                    string  -- A CamelCase word for the last change.
  message                   string  -- A sentence about the last change.

StatefulSet (kind, list): Runs pods that need a stable identity: each pod gets an ordinal name (web-0,
    web-1...), a stable DNS name through a headless Service, and its own PersistentVolumeClaims.
    Pods are created, updated and deleted in order.
  spec                      StatefulSetSpec  -- Replicas, pod template, claim templates and update strategy.
  status                    StatefulSetStatus  -- Observed replicas and revisions.

StatefulSetSpec: Desired state of a StatefulSet.
  replicas                  int32  -- How many pods to run. 1 by default.
  selector*                 LabelSelector?  -- Which pods belong to it. Must match the template's labels.
  template*                 PodTemplateSpec  -- The pod to create; each pod's name is <statefulset>-<ordinal>.
  volumeClaimTemplates      [PersistentVolumeClaim]  list=atomic  -- Claims to create for every pod, named
    <template>-<pod>. They are kept when the pod is rescheduled.
  serviceName*              string  -- The headless Service that gives the pods their DNS names.
  podManagementPolicy       string  enum=OrderedReady|Parallel  -- OrderedReady (the default) starts and stops
    pods one at a time in order; Parallel does not wait.
  updateStrategy            StatefulSetUpdateStrategy  -- How pods are replaced when the template changes.
  revisionHistoryLimit      int32  -- How many old revisions to keep. 10 by default.
  minReadySeconds           int32  -- Seconds a new pod must be ready before it counts as available.
  persistentVolumeClaimRetentionPolicy  StatefulSetPersistentVolumeClaimRetentionPolicy?  -- Whether claims are
    deleted when the StatefulSet is deleted or scaled down.
  ordinals                  StatefulSetOrdinals?  -- Where pod numbering starts.

StatefulSetUpdateStrategy: How a StatefulSet replaces pods.
  type                      string  enum=OnDelete|RollingUpdate  -- RollingUpdate (the default) replaces pods from
    the highest ordinal down; OnDelete waits for pods to be deleted by hand.
  rollingUpdate             RollingUpdateStatefulSetStrategy?  -- Settings for RollingUpdate.

RollingUpdateStatefulSetStrategy: Settings of a StatefulSet rolling update.
  partition                 int32  -- Only pods with an ordinal at or above this are updated (staged rollouts).
  maxUnavailable            IntOrString?  -- How many pods may be unavailable during the update. 1 by default.

StatefulSetPersistentVolumeClaimRetentionPolicy: What happens to claims made from volumeClaimTemplates.
  whenDeleted               string  -- Retain (the default) or Delete when the StatefulSet is deleted.
  whenScaled                string  -- Retain (the default) or Delete when a pod is removed by scaling down.

StatefulSetOrdinals: Numbering of a StatefulSet's pods.
  start                     int32  -- The first ordinal. 0 by default.

StatefulSetStatus: Observed state of a StatefulSet.
  observedGeneration        int64  -- The generation last acted on.
  replicas*                 int32  -- Pods that exist.
  readyReplicas             int32  -- Pods that are ready.
  currentReplicas           int32  -- Pods of currentRevision.
  updatedReplicas           int32  -- Pods of updateRevision.
  currentRevision           string  -- The revision of the pods before the update.
  updateRevision            string  -- The revision being rolled out.
  collisionCount            int32  -- Counter used to avoid revision name clashes.
  conditions                [StatefulSetCondition]  list=map(type) smp=merge:type  -- Conditions.
  availableReplicas         int32  -- Pods ready for at least minReadySeconds.

StatefulSetCondition: One aspect of a StatefulSet's state.
  type*                     string  -- The condition.
  status*                   string  -- True, False or Unknown.
  lastTransitionTime        Time  -- When status last changed.
  reason                    string  -- A CamelCase word for the last change.
  message                   string  -- A sentence about the last change.

ControllerRevision (kind, list): An immutable snapshot of a DaemonSet's or StatefulSet's pod template, kept
    so that the controller can roll back to it.
  data                      RawExtension  -- The snapshot.
  revision*                 int64  -- Revision number, increasing.
""")
