"""Core v1 schemas for pods: Pod, PodSpec and its scheduling rules (affinity, tolerations, topology
spread), the pod security context, PodStatus with container statuses, PodTemplate and Binding.

Facts (field names, types, markers) from k8s.io/api v0.32.0 core/v1/types.go.
Differences from upstream: descriptions are ours and shorter.
"""

from .dsl import declare

declare("core", """
Pod (kind, list): The smallest unit Kubernetes runs: one or more containers that are scheduled together on
    one node and share a network namespace (one IP address), storage volumes and a lifecycle. Pods are
    usually created by controllers (Deployment, Job, DaemonSet...) from a template.
  spec                      PodSpec  -- What the pod should run and how: containers, volumes, scheduling rules.
  status                    PodStatus  -- What the kubelet last reported about the pod. Read-only; may lag behind.

PodSpec: The desired state of a pod.
  volumes                   [Volume]  list=map(name) smp=merge,retainKeys:name  -- Storage the pod's containers can
    mount: emptyDir scratch space, ConfigMaps, Secrets, claims on persistent volumes...
  initContainers            [Container]  list=map(name) smp=merge:name  -- Containers that run one after another,
    each to completion, before the app containers start. A failure restarts the sequence.
  containers*               [Container]  list=map(name) smp=merge:name  -- The app containers. At least one.
  ephemeralContainers       [EphemeralContainer]  list=map(name) smp=merge:name  -- Debug containers added to the
    running pod through the ephemeralcontainers subresource.
  restartPolicy             string  enum=Always|Never|OnFailure  -- When the kubelet restarts containers that exit:
    Always (the default), OnFailure (only on a non-zero exit code) or Never.
  terminationGracePeriodSeconds  int64  -- Seconds between the TERM signal and the KILL signal when the pod is
    deleted. 30 by default; 0 kills at once.
  activeDeadlineSeconds     int64  -- Seconds the pod may stay active after it started before the kubelet fails it.
  dnsPolicy                 string  enum=ClusterFirst|ClusterFirstWithHostNet|Default|None  -- How the pod's
    resolv.conf is built: ClusterFirst (cluster DNS, the default), Default (the node's resolver), None (only
    dnsConfig) or ClusterFirstWithHostNet (cluster DNS for hostNetwork pods).
  nodeSelector              {string}  maptype=atomic  -- Labels a node must have to run this pod, e.g.
    disktype: ssd.
  serviceAccountName        string  -- The ServiceAccount the pod runs as; "default" when empty.
  serviceAccount            string  -- Deprecated alias of serviceAccountName.
  automountServiceAccountToken  bool  -- Whether to mount an API token for the service account into the pod.
  nodeName                  string  -- The node the pod is bound to. The scheduler sets it; setting it yourself
    skips scheduling.
  hostNetwork               bool  -- Use the node's network namespace instead of a pod IP of its own.
  hostPID                   bool  -- Share the node's process namespace.
  hostIPC                   bool  -- Share the node's IPC namespace.
  shareProcessNamespace     bool  -- Put all containers of the pod in one process namespace, so they see each
    other's processes.
  securityContext           PodSecurityContext?  -- Security settings for every container of the pod.
  imagePullSecrets          [LocalObjectReference]  list=map(name) smp=merge:name  -- Secrets with registry
    credentials used to pull the images.
  hostname                  string  -- Host name inside the pod; the pod name by default.
  subdomain                 string  -- With a headless Service of this name, gives the pod the DNS name
    <hostname>.<subdomain>.<namespace>.svc.<cluster-domain>.
  affinity                  Affinity?  -- Rules attracting the pod to, or keeping it away from, nodes and other pods.
  schedulerName             string  -- Which scheduler places the pod; "default-scheduler" when empty.
  tolerations               [Toleration]  list=atomic  -- Taints the pod accepts on its node.
  hostAliases               [HostAlias]  list=map(ip) smp=merge:ip  -- Extra lines for the pod's /etc/hosts.
  priorityClassName         string  -- Name of a PriorityClass; decides the pod's priority.
  priority                  int32  -- The priority value, filled in from priorityClassName by admission. Higher
    means more important.
  dnsConfig                 PodDNSConfig?  -- Extra DNS settings merged into the resolv.conf built from dnsPolicy.
  readinessGates            [PodReadinessGate]  list=atomic  -- Extra conditions that must be True before the pod
    counts as ready.
  runtimeClassName          string  -- Name of the RuntimeClass (container runtime configuration) to run with.
  enableServiceLinks        bool  -- Whether Services of the namespace are injected as environment variables in
    the old Docker-links style. True by default.
  preemptionPolicy          string  enum=Never|PreemptLowerPriority  -- Whether this pod may evict lower-priority
    pods to make room. PreemptLowerPriority by default.
  overhead                  {Quantity}  -- Resources the runtime itself uses for this pod, on top of the
    containers' requests. Filled in from the RuntimeClass.
  topologySpreadConstraints  [TopologySpreadConstraint]  list=map(topologyKey,whenUnsatisfiable) smp=merge:topologyKey
    -- How to spread matching pods over zones, nodes or other topology domains.
  setHostnameAsFQDN         bool  -- Make the host name the fully qualified domain name instead of the short name.
  os                        PodOS?  -- The operating system the containers need; checked at admission.
  hostUsers                 bool  -- Whether to use the host's user namespace. True by default; false gives the
    pod a user namespace of its own.
  schedulingGates           [PodSchedulingGate]  list=map(name) smp=merge:name  -- While any gate is listed, the
    scheduler leaves the pod alone.
  resourceClaims            [PodResourceClaim]  list=map(name) smp=merge,retainKeys:name  -- Dynamic resources
    (devices) the pod needs, from ResourceClaims.
  resources                 ResourceRequirements?  -- Resources for the whole pod, shared by its containers.
    Needs the PodLevelResources feature.

PodSecurityContext: Security settings that apply to every container of a pod, and to its volumes.
  seLinuxOptions            SELinuxOptions?  -- SELinux context for all containers.
  windowsOptions            WindowsSecurityContextOptions?  -- Settings only used on Windows nodes.
  runAsUser                 int64  -- User id the containers run as.
  runAsGroup                int64  -- Primary group id of the containers' processes.
  runAsNonRoot              bool  -- Refuse to start a container that would run as uid 0.
  supplementalGroups        [int64]  list=atomic  -- Extra group ids given to the first process of each container.
  supplementalGroupsPolicy  string  enum=Merge|Strict  -- Whether the groups from the image's /etc/group are added
    (Merge, the default) or not (Strict).
  fsGroup                   int64  -- A group id that owns the pod's volumes; files created in them get it too.
  sysctls                   [Sysctl]  list=atomic  -- Namespaced kernel parameters to set for the pod.
  fsGroupChangePolicy       string  enum=Always|OnRootMismatch  -- When to change volume ownership to fsGroup:
    Always, or only if the volume's root does not match already.
  seccompProfile            SeccompProfile?  -- Seccomp filter for all containers.
  appArmorProfile           AppArmorProfile?  -- AppArmor profile for all containers.
  seLinuxChangePolicy       string  -- How SELinux labels are applied to volumes: Recursive or MountOption.

Sysctl: One kernel parameter.
  name*                     string  -- Name of the parameter, e.g. net.ipv4.ip_local_port_range.
  value*                    string  -- Value to set.

Affinity: Scheduling preferences and requirements relative to nodes and to other pods.
  nodeAffinity              NodeAffinity?  -- Which nodes the pod may or prefers to run on, by node labels.
  podAffinity               PodAffinity?  -- Run near pods that match a selector (same node, same zone...).
  podAntiAffinity           PodAntiAffinity?  -- Stay away from pods that match a selector.

NodeAffinity: Node selection by label expressions.
  requiredDuringSchedulingIgnoredDuringExecution  NodeSelector?  -- Nodes that do not match are never chosen.
    Checked only when scheduling: a running pod stays if labels change later.
  preferredDuringSchedulingIgnoredDuringExecution  [PreferredSchedulingTerm]  list=atomic  -- Soft preferences: each
    matching term adds its weight to a node's score.

NodeSelector (atomic): A set of node selector terms. A node matches if any term matches (the terms are ORed).
  nodeSelectorTerms*        [NodeSelectorTerm]  list=atomic  -- The terms.

NodeSelectorTerm (atomic): Conditions on one node; all of them must hold (they are ANDed). An empty term
    matches no node.
  matchExpressions          [NodeSelectorRequirement]  list=atomic  -- Conditions on node labels.
  matchFields               [NodeSelectorRequirement]  list=atomic  -- Conditions on node fields (only
    metadata.name is supported).

NodeSelectorRequirement: One condition on a node label or field.
  key*                      string  -- The label key (or field name).
  operator*                 string  enum=DoesNotExist|Exists|Gt|In|Lt|NotIn  -- How to compare: In, NotIn, Exists,
    DoesNotExist, or Gt/Lt for numbers.
  values                    [string]  list=atomic  -- The values to compare with. One value for Gt and Lt, none for
    Exists and DoesNotExist.

PreferredSchedulingTerm: A weighted node preference.
  weight*                   int32  -- How much a match counts, from 1 to 100.
  preference*               NodeSelectorTerm  -- The conditions a node should meet.

PodAffinity: Rules placing the pod in the same topology domain as other pods.
  requiredDuringSchedulingIgnoredDuringExecution  [PodAffinityTerm]  list=atomic  -- Every term must be satisfied.
  preferredDuringSchedulingIgnoredDuringExecution  [WeightedPodAffinityTerm]  list=atomic  -- Terms that add their
    weight to a node's score when satisfied.

PodAntiAffinity: Rules keeping the pod out of topology domains where other pods run.
  requiredDuringSchedulingIgnoredDuringExecution  [PodAffinityTerm]  list=atomic  -- Every term must be satisfied.
  preferredDuringSchedulingIgnoredDuringExecution  [WeightedPodAffinityTerm]  list=atomic  -- Terms that add their
    weight to a node's score when satisfied.

PodAffinityTerm: Which pods to look at and what "near" means: nodes whose topologyKey label has the same
    value as a node running a matching pod.
  labelSelector             LabelSelector?  -- The pods to look for.
  namespaces                [string]  list=atomic  -- Namespaces to search; the pod's own namespace when empty
    (together with namespaceSelector).
  topologyKey*              string  -- Node label that defines the domain, e.g. kubernetes.io/hostname (node)
    or topology.kubernetes.io/zone (zone).
  namespaceSelector         LabelSelector?  -- Namespaces to search, selected by their labels; {} means all.
  matchLabelKeys            [string]  list=atomic  -- Label keys whose values are copied from the incoming pod into
    the selector (In).
  mismatchLabelKeys         [string]  list=atomic  -- Label keys whose values are copied from the incoming pod into
    the selector (NotIn).

WeightedPodAffinityTerm: A pod affinity term with a weight.
  weight*                   int32  -- How much a match counts, from 1 to 100.
  podAffinityTerm*          PodAffinityTerm  -- The term.

Toleration: Allows the pod onto nodes with a matching taint.
  key                       string  -- Taint key to match; empty with operator Exists matches every taint.
  operator                  string  enum=Equal|Exists  -- Equal (the default) compares the value; Exists ignores
    it.
  value                     string  -- Taint value to match for Equal.
  effect                    string  enum=NoExecute|NoSchedule|PreferNoSchedule  -- Taint effect to match; empty
    matches all effects.
  tolerationSeconds         int64  -- For NoExecute: how long the pod may stay on the node after the taint appears.
    Forever when empty.

HostAlias: One /etc/hosts entry.
  ip*                       string  -- The IP address.
  hostnames                 [string]  list=atomic  -- Host names for that address.

PodDNSConfig: DNS settings merged into the generated resolv.conf.
  nameservers               [string]  list=atomic  -- Extra name server IP addresses.
  searches                  [string]  list=atomic  -- Extra search domains.
  options                   [PodDNSConfigOption]  list=atomic  -- Resolver options such as ndots.

PodDNSConfigOption: One resolver option.
  name                      string  -- Option name, e.g. "ndots".
  value                     string  -- Option value, e.g. "2".

PodReadinessGate: An extra condition for pod readiness.
  conditionType*            string  -- The type of a condition in the pod's status.conditions that must be True.

TopologySpreadConstraint: Keeps matching pods evenly spread over topology domains.
  maxSkew*                  int32  -- The largest allowed difference in matching pods between two domains.
  topologyKey*              string  -- Node label whose values define the domains.
  whenUnsatisfiable*        string  enum=DoNotSchedule|ScheduleAnyway  -- Whether an uneven placement is refused
    (DoNotSchedule) or only scored lower (ScheduleAnyway).
  labelSelector             LabelSelector?  -- The pods that are counted.
  minDomains                int32  -- Minimum number of domains to count, even if fewer have nodes.
  nodeAffinityPolicy        string  enum=Honor|Ignore  -- Whether the pod's node affinity limits the nodes counted.
  nodeTaintsPolicy          string  enum=Honor|Ignore  -- Whether tainted nodes the pod does not tolerate are
    counted.
  matchLabelKeys            [string]  list=atomic  -- Label keys whose values are copied from the incoming pod
    into the selector.

PodOS: The operating system a pod needs.
  name*                     string  -- "linux" or "windows".

PodSchedulingGate: A reason to hold the pod back from scheduling.
  name*                     string  -- Name of the gate; whoever added it removes it when ready.

PodResourceClaim: A dynamic resource the pod uses, from a ResourceClaim or a template.
  name*                     string  -- Name used to refer to it from containers' resources.claims.
  resourceClaimName         string  -- An existing ResourceClaim in the pod's namespace.
  resourceClaimTemplateName  string  -- A ResourceClaimTemplate to create a claim from, one per pod.

PodStatus: What is known about a pod: its phase, conditions, IP addresses and each container's state.
  phase                     string  enum=Failed|Pending|Running|Succeeded|Unknown  -- Where the pod stands overall:
    Pending (not all containers started yet), Running, Succeeded, Failed or Unknown.
  conditions                [PodCondition]  list=map(type) smp=merge:type  -- PodScheduled, Initialized,
    ContainersReady, Ready...
  message                   string  -- Why the pod is in this state, for humans.
  reason                    string  -- Why the pod is in this state, as a CamelCase word (e.g. Evicted).
  nominatedNodeName         string  -- A node the scheduler chose when preempting other pods for this one.
  hostIP                    string  -- IP address of the node the pod runs on.
  hostIPs                   [HostIP]  list=atomic smp=merge:ip  -- All IP addresses of the node (IPv4 and IPv6).
  podIP                     string  -- The pod's IP address.
  podIPs                    [PodIP]  list=map(ip) smp=merge:ip  -- All IP addresses of the pod (IPv4 and IPv6).
  startTime                 Time?  -- When the kubelet accepted the pod, before pulling any image.
  initContainerStatuses     [ContainerStatus]  list=atomic  -- Status of each init container.
  containerStatuses         [ContainerStatus]  list=atomic  -- Status of each app container.
  qosClass                  string  enum=BestEffort|Burstable|Guaranteed  -- Quality-of-service class derived from
    requests and limits; decides who is evicted first under memory pressure.
  ephemeralContainerStatuses  [ContainerStatus]  list=atomic  -- Status of each ephemeral container.
  resize                    string  -- Progress of an in-place resize: Proposed, InProgress, Deferred or
    Infeasible.
  resourceClaimStatuses     [PodResourceClaimStatus]  list=map(name) smp=merge,retainKeys:name  -- Names of the
    ResourceClaims made for the pod from templates.

PodCondition: One aspect of a pod's state.
  type*                     string  -- PodScheduled, Initialized, ContainersReady, Ready, DisruptionTarget...
  status*                   string  -- True, False or Unknown.
  lastProbeTime             Time  -- When the condition was last checked.
  lastTransitionTime        Time  -- When status last changed.
  reason                    string  -- A CamelCase word for the last change.
  message                   string  -- A sentence about the last change.

HostIP: One IP address of the pod's node.
  ip*                       string  -- The address.

PodIP: One IP address of the pod.
  ip*                       string  -- The address.

ContainerStatus: The state of one container as the kubelet sees it.
  name*                     string  -- Name of the container, as in the spec.
  state                     ContainerState  -- Its current state.
  lastState                 ContainerState  -- The state before the last restart, e.g. why it was terminated.
  ready*                    bool  -- Whether it passes its readiness probe.
  restartCount*             int32  -- How many times the container was restarted.
  image*                    string  -- The image it runs.
  imageID*                  string  -- The image's id (digest) as the runtime reports it.
  containerID               string  -- The runtime's id, as <runtime>://<id>.
  started                   bool  -- Whether it has passed its startup probe (true once running if it has none).
  allocatedResources        {Quantity}  -- Resources the node has set aside for the container.
  resources                 ResourceRequirements?  -- Requests and limits the container actually runs with.
  volumeMounts              [VolumeMountStatus]  list=map(mountPath) smp=merge:mountPath  -- Mounts as done.
  user                      ContainerUser?  -- The user and groups of the first process.
  allocatedResourcesStatus  [ResourceStatus]  list=map(name) smp=merge:name  -- Health of assigned devices.

ContainerState: The state of a container. Exactly one field is set.
  waiting                   ContainerStateWaiting?  -- Not running yet (pulling the image, crash-loop back-off...).
  running                   ContainerStateRunning?  -- Running.
  terminated                ContainerStateTerminated?  -- Finished or killed.

ContainerStateWaiting: A container that is not running yet.
  reason                    string  -- Why, e.g. ContainerCreating, ImagePullBackOff or CrashLoopBackOff.
  message                   string  -- Details.

ContainerStateRunning: A running container.
  startedAt                 Time  -- When it (last) started.

ContainerStateTerminated: A container that has stopped.
  exitCode*                 int32  -- The exit code of its process.
  signal                    int32  -- The signal that ended it, if any.
  reason                    string  -- Why, e.g. Completed, Error or OOMKilled.
  message                   string  -- Details, including the termination message.
  startedAt                 Time  -- When it started.
  finishedAt                Time  -- When it stopped.
  containerID               string  -- The runtime's id of that run.

VolumeMountStatus: A mount as the kubelet made it.
  name*                     string  -- Name of the volume.
  mountPath*                string  -- Where it is mounted.
  readOnly                  bool  -- Whether it is read-only.
  recursiveReadOnly         string  -- Whether read-only applies below it: Disabled or Enabled.

ContainerUser: The identity of a container's first process.
  linux                     LinuxContainerUser?  -- On Linux: uid, gid and groups.

LinuxContainerUser: Linux user and groups.
  uid*                      int64  -- User id.
  gid*                      int64  -- Primary group id.
  supplementalGroups        [int64]  list=atomic  -- Other group ids.

ResourceStatus: Health of the devices behind one resource.
  name*                     string  -- Name of the resource.
  resources                 [ResourceHealth]  list=map(resourceID)  -- One entry per device.

ResourceHealth: Health of one device.
  resourceID*               string  -- Id of the device.
  health                    string  -- Healthy, Unhealthy or Unknown.

PodResourceClaimStatus: The ResourceClaim made for one of the pod's claim templates.
  name*                     string  -- The entry in spec.resourceClaims.
  resourceClaimName         string  -- Name of the ResourceClaim created for it.

PodTemplateSpec: The pod a controller creates: metadata (labels, mostly) and a pod spec.
  metadata                  ObjectMeta  -- Labels and annotations for the pods; the labels must match the
    controller's selector.
  spec                      PodSpec  -- The pod spec.

PodTemplate (kind, list): A stored pod template that other objects can refer to.
  template                  PodTemplateSpec  -- The template.

Binding (kind): Binds a pod to a node. The scheduler posts one to the pod's binding subresource; that
    sets spec.nodeName.
  target*                   ObjectReference  -- The node to bind to (kind Node and its name).
""")
