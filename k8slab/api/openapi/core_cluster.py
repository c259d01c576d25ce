"""Core v1 schemas for everything that is not a pod or a volume: Namespace, Node, Service, Endpoints,
ConfigMap, Secret, ServiceAccount, Event, LimitRange, ResourceQuota, ReplicationController,
ComponentStatus, and the ObjectReference many of them use.

Facts (field names, types, markers) from k8s.io/api v0.32.0 core/v1/types.go.
Differences from upstream: descriptions are ours and shorter.
"""

from .dsl import declare

declare("core", """
Namespace (kind, list): A namespace divides a cluster's objects into named groups: names must be unique
    only within a namespace, and policies, quotas and permissions are set per namespace.
  spec                      NamespaceSpec  -- Finalizers to run before the namespace is removed.
  status                    NamespaceStatus  -- Whether the namespace is Active or being deleted.

NamespaceSpec: Desired state of a namespace.
  finalizers                [string]  list=atomic  -- Cleanup steps before the namespace disappears; "kubernetes"
    means deleting every object in it.

NamespaceStatus: Observed state of a namespace.
  phase                     string  enum=Active|Terminating  -- Active, or Terminating once deletion started.
  conditions                [NamespaceCondition]  list=map(type) smp=merge:type  -- Details on deletion progress.

NamespaceCondition: One aspect of a namespace's state, mostly about deletion.
  type*                     string  -- The condition, e.g. NamespaceDeletionContentFailure.
  status*                   string  -- True, False or Unknown.
  lastTransitionTime        Time  -- When status last changed.
  reason                    string  -- A CamelCase word for the last change.
  message                   string  -- A sentence about the last change.

Node (kind, list): A worker machine (virtual or physical) where pods run. Each node runs a kubelet that
    registers the Node object and keeps its status up to date; the node's name is its unique key in
    the cluster's store (etcd).
  spec                      NodeSpec  -- How the node is configured: pod IP range, taints, schedulability.
  status                    NodeStatus  -- What the kubelet reports: capacity, conditions, addresses, versions.

NodeSpec: Desired configuration of a node.
  podCIDR                   string  -- IP range assigned to this node's pods.
  podCIDRs                  [string]  list=set smp=merge  -- IP ranges for this node's pods, one per IP family.
  providerID                string  -- The cloud provider's id of the machine, <provider>://<id>.
  unschedulable             bool  -- When true, no new pods are scheduled here (kubectl cordon sets it).
  taints                    [Taint]  list=atomic  -- Taints that repel pods which do not tolerate them.
  configSource              NodeConfigSource?  -- Deprecated: dynamic kubelet configuration.
  externalID                string  -- Deprecated and ignored.

Taint: Marks a node so that only pods tolerating it are placed (or stay) there.
  key*                      string  -- Taint key, e.g. node-role.kubernetes.io/control-plane.
  value                     string  -- Taint value.
  effect*                   string  enum=NoExecute|NoSchedule|PreferNoSchedule  -- NoSchedule keeps new pods away,
    PreferNoSchedule only discourages, NoExecute also evicts running pods.
  timeAdded                 Time?  -- When a NoExecute taint was added.

NodeConfigSource: Deprecated: where a node's dynamic kubelet configuration came from.
  configMap                 ConfigMapNodeConfigSource?  -- A ConfigMap holding the configuration.

ConfigMapNodeConfigSource: Deprecated: a ConfigMap with kubelet configuration.
  namespace*                string  -- Namespace of the ConfigMap.
  name*                     string  -- Name of the ConfigMap.
  uid                       string  -- Uid of the ConfigMap.
  resourceVersion           string  -- Version of the ConfigMap.
  kubeletConfigKey*         string  -- Key holding the configuration.

NodeStatus: What the kubelet reports about its node.
  capacity                  {Quantity}  -- Total resources of the node: cpu, memory, pods, ephemeral-storage...
  allocatable               {Quantity}  -- The part of capacity available to pods (capacity minus reserved).
  phase                     string  enum=Pending|Running|Terminated  -- Deprecated and no longer set.
  conditions                [NodeCondition]  list=map(type) smp=merge:type  -- Ready, MemoryPressure,
    DiskPressure, PIDPressure, NetworkUnavailable.
  addresses                 [NodeAddress]  list=map(type) smp=merge:type  -- How to reach the node: InternalIP,
    ExternalIP, Hostname.
  daemonEndpoints           NodeDaemonEndpoints  -- Ports of daemons on the node (the kubelet).
  nodeInfo                  NodeSystemInfo  -- Versions and ids: kernel, OS image, container runtime, kubelet.
  images                    [ContainerImage]  list=atomic  -- Images present on the node.
  volumesInUse              [string]  list=atomic  -- Attached volumes that are in use.
  volumesAttached           [AttachedVolume]  list=atomic  -- Volumes attached to the node.
  config                    NodeConfigStatus?  -- Deprecated: state of dynamic kubelet configuration.
  runtimeHandlers           [NodeRuntimeHandler]  list=atomic  -- Runtime handlers the node offers.
  features                  NodeFeatures?  -- Optional features the node supports.

NodeCondition: One aspect of a node's health.
  type*                     string  -- Ready, MemoryPressure, DiskPressure, PIDPressure or NetworkUnavailable.
  status*                   string  -- True, False or Unknown (the kubelet stopped reporting).
  lastHeartbeatTime         Time  -- When the kubelet last confirmed the condition.
  lastTransitionTime        Time  -- When status last changed.
  reason                    string  -- A CamelCase word, e.g. KubeletReady.
  message                   string  -- A sentence about the condition.

NodeAddress: One address of a node.
  type*                     string  -- Hostname, InternalIP, ExternalIP, InternalDNS or ExternalDNS.
  address*                  string  -- The address.

NodeDaemonEndpoints: Ports of daemons running on the node.
  kubeletEndpoint           DaemonEndpoint  -- The kubelet's port.

DaemonEndpoint: A daemon's port.
  Port*                     int32  -- The port number (the field name really is capitalised).

NodeSystemInfo: Identity and versions of a node's software.
  machineID*                string  -- The machine id from /etc/machine-id.
  systemUUID*               string  -- The hardware's system UUID.
  bootID*                   string  -- Changes on every reboot.
  kernelVersion*            string  -- From uname -r.
  osImage*                  string  -- The distribution's pretty name, e.g. "Debian GNU/Linux 12 (bookworm)".
  containerRuntimeVersion*  string  -- Runtime and version, e.g. containerd://1.7.0.
  kubeletVersion*           string  -- Version of the kubelet.
  kubeProxyVersion*         string  -- Deprecated; not reliable.
  operatingSystem*          string  -- linux or windows.
  architecture*             string  -- amd64, arm64...

ContainerImage: An image stored on a node.
  names                     [string]  list=atomic  -- Names and digests of the image.
  sizeBytes                 int64  -- Size in bytes.

AttachedVolume: A volume attached to a node.
  name*                     string  -- Name of the volume.
  devicePath*               string  -- Where the device appears on the node.

NodeConfigStatus: Deprecated: status of dynamic kubelet configuration.
  assigned                  NodeConfigSource?  -- Configuration the node should use.
  active                    NodeConfigSource?  -- Configuration the node uses.
  lastKnownGood             NodeConfigSource?  -- Fallback configuration.
  error                     string  -- Problems applying the configuration.

NodeRuntimeHandler: A runtime handler (runtime class) available on the node.
  name                      string  -- Handler name; empty for the default one.
  features                  NodeRuntimeHandlerFeatures?  -- What it supports.

NodeRuntimeHandlerFeatures: Features of a runtime handler.
  recursiveReadOnlyMounts   bool  -- Supports recursive read-only mounts.
  userNamespaces            bool  -- Supports user namespaces.

NodeFeatures: Optional features of a node.
  supplementalGroupsPolicy  bool  -- Supports the pod field supplementalGroupsPolicy.

Service (kind, list): A stable virtual IP address and DNS name in front of a changing set of pods,
    chosen by a label selector. kube-proxy load-balances traffic sent to the Service over those pods.
  spec                      ServiceSpec  -- Ports, selector and type of the Service.
  status                    ServiceStatus  -- Load balancer state, for type LoadBalancer.

ServiceSpec: The desired behaviour of a Service.
  ports                     [ServicePort]  list=map(port,protocol) smp=merge:port  -- The ports the Service
    exposes and where each one forwards.
  selector                  {string}  maptype=atomic  -- Labels of the pods to send traffic to. Without a
    selector, endpoints are managed by hand.
  clusterIP                 string  -- The virtual IP; allocated when empty, "None" makes a headless Service
    (DNS returns the pod IPs). Cannot be changed.
  clusterIPs                [string]  list=atomic  -- The virtual IPs, one per IP family; the first equals
    clusterIP.
  type                      string  enum=ClusterIP|ExternalName|LoadBalancer|NodePort  -- ClusterIP (the default,
    reachable inside the cluster), NodePort (also on a port of every node), LoadBalancer (also through a cloud
    load balancer) or ExternalName (a DNS alias).
  externalIPs               [string]  list=atomic  -- Extra IPs on which nodes accept traffic for the Service.
  sessionAffinity           string  enum=ClientIP|None  -- ClientIP sends a client to the same pod every time;
    None (the default) spreads requests.
  loadBalancerIP            string  -- Deprecated: requested load balancer IP.
  loadBalancerSourceRanges  [string]  list=atomic  -- Client CIDRs allowed through the cloud load balancer.
  externalName              string  -- For type ExternalName: the DNS name the Service is an alias of.
  externalTrafficPolicy     string  enum=Cluster|Local  -- For traffic from outside: Cluster spreads over all
    pods; Local only uses pods on the receiving node and keeps the client's source IP.
  healthCheckNodePort       int32  -- Node port the cloud load balancer checks when externalTrafficPolicy is Local.
  publishNotReadyAddresses  bool  -- Include pods that are not ready in DNS and endpoints.
  sessionAffinityConfig     SessionAffinityConfig?  -- Settings for sessionAffinity.
  ipFamilies                [string]  list=atomic  -- IPv4, IPv6 or both, in order.
  ipFamilyPolicy            string  enum=PreferDualStack|RequireDualStack|SingleStack  -- How many IP families
    the Service gets.
  allocateLoadBalancerNodePorts  bool  -- Whether a LoadBalancer Service also gets node ports. True by default.
  loadBalancerClass         string  -- Which load balancer implementation handles the Service.
  internalTrafficPolicy     string  enum=Cluster|Local  -- For traffic from inside the cluster: Cluster (all pods)
    or Local (only pods on the same node).
  trafficDistribution       string  -- A preference such as PreferClose for endpoints in the same zone.

ServicePort: One port of a Service.
  name                      string  -- Name of the port; required when there are several.
  protocol                  string  default=TCP enum=SCTP|TCP|UDP  -- TCP, UDP or SCTP; TCP by default.
  appProtocol               string  -- Application protocol, e.g. http or kubernetes.io/h2c.
  port*                     int32  -- The port the Service listens on.
  targetPort                IntOrString  -- Port number or name on the pods; the same as port by default.
  nodePort                  int32  -- For NodePort and LoadBalancer: the port opened on every node, picked from
    30000-32767 when empty.

SessionAffinityConfig: Settings for session affinity.
  clientIP                  ClientIPConfig?  -- Settings for ClientIP affinity.

ClientIPConfig: How long ClientIP affinity lasts.
  timeoutSeconds            int32  -- Seconds a client sticks to a pod; 10800 (3 hours) by default.

ServiceStatus: Observed state of a Service.
  loadBalancer              LoadBalancerStatus  -- The load balancer, if any.
  conditions                [Condition]  list=map(type) smp=merge:type  -- Conditions of the Service.

LoadBalancerStatus: A load balancer's addresses.
  ingress                   [LoadBalancerIngress]  list=atomic  -- Where it receives traffic.

LoadBalancerIngress: One address of a load balancer.
  ip                        string  -- An IP address.
  hostname                  string  -- A DNS name.
  ipMode                    string  -- VIP (traffic arrives for the load balancer's IP) or Proxy.
  ports                     [PortStatus]  list=atomic  -- Status of each port.

PortStatus: Status of one load balancer port.
  port*                     int32  -- The port.
  protocol*                 string  enum=SCTP|TCP|UDP  -- Its protocol.
  error                     string  -- A problem with the port, if any.

ObjectReference (atomic): Points to any object, or a field in it.
  kind                      string  -- Kind of the object.
  namespace                 string  -- Namespace of the object.
  name                      string  -- Name of the object.
  uid                       string  -- Uid of the object.
  apiVersion                string  -- API version of the object.
  resourceVersion           string  -- The version the reference was made from.
  fieldPath                 string  -- A part of the object, e.g. spec.containers{redis}.

Endpoints (kind, list): The addresses and ports behind a Service, maintained by the endpoints controller
    from the pods the selector matches (newer clients read EndpointSlices instead).
  subsets                   [EndpointSubset]  list=atomic  -- Groups of addresses that share the same ports.

EndpointSubset: A set of addresses that all serve the same ports.
  addresses                 [EndpointAddress]  list=atomic  -- Ready addresses.
  notReadyAddresses         [EndpointAddress]  list=atomic  -- Addresses whose pods are not ready yet.
  ports                     [EndpointPort]  list=atomic  -- The ports.

EndpointAddress (atomic): One endpoint address.
  ip*                       string  -- The pod's IP.
  hostname                  string  -- Its host name, if any.
  nodeName                  string  -- The node it runs on.
  targetRef                 ObjectReference?  -- The pod behind it.

EndpointPort (atomic): One endpoint port.
  name                      string  -- The Service port name it belongs to.
  port*                     int32  -- The port number.
  protocol                  string  enum=SCTP|TCP|UDP  -- Its protocol.
  appProtocol               string  -- Application protocol.

ConfigMap (kind, list): Configuration data as key/value pairs, kept apart from images so the same image runs
    with different settings. Pods read it as environment variables or as files in a volume.
  immutable                 bool  -- If true, the data can no longer be changed (only the object deleted).
  data                      {string}  -- Text values by key.
  binaryData                {bytes}  -- Binary values by key, base64 in JSON. Keys must not repeat those of data.

Secret (kind, list): Like a ConfigMap but for sensitive data (passwords, keys, tokens). Values are base64
    encoded in JSON; that is encoding, not encryption.
  immutable                 bool  -- If true, the data can no longer be changed.
  data                      {bytes}  -- Values by key, base64 encoded.
  stringData                {string}  -- Plain-text values for convenience on write; merged into data and never
    returned.
  type                      string  -- What the Secret holds, e.g. Opaque, kubernetes.io/tls or
    kubernetes.io/dockerconfigjson; decides which keys are required.

ServiceAccount (kind, list): An identity for processes in pods; the API server authenticates them as
    system:serviceaccount:<namespace>:<name>.
  secrets                   [ObjectReference]  list=map(name) smp=merge:name  -- Legacy token Secrets for this
    account.
  imagePullSecrets          [LocalObjectReference]  list=atomic  -- Registry credentials added to pods that use
    this account.
  automountServiceAccountToken  bool  -- Whether pods get an API token mounted by default.

Event (kind, list): A report of something that happened to an object (scheduled, pulled an image, failed a
    probe...). Events are kept for a limited time. kubectl describe shows them.
  involvedObject*           ObjectReference  -- The object the event is about.
  reason                    string  -- A short CamelCase word, e.g. Scheduled, Pulled, BackOff.
  message                   string  -- What happened, for humans.
  source                    EventSource  -- Which component reported it.
  firstTimestamp            Time  -- When it first happened.
  lastTimestamp             Time  -- When it last happened.
  count                     int32  -- How many times it happened.
  type                      string  -- Normal or Warning.
  eventTime                 MicroTime  -- When it first happened, with microseconds.
  series                    EventSeries?  -- Data about a series of repeats.
  action                    string  -- What was done or failed.
  related                   ObjectReference?  -- A second object involved.
  reportingComponent        string  -- The controller that reported it, e.g. kubelet.
  reportingInstance         string  -- Which instance of that controller.

EventSource: The reporter of an event.
  component                 string  -- The component, e.g. kubelet or default-scheduler.
  host                      string  -- The node it ran on.

EventSeries: A run of repeated events.
  count                     int32  -- Occurrences so far.
  lastObservedTime          MicroTime  -- When it was last seen.

LimitRange (kind, list): Per-namespace bounds and defaults for the resources of containers, pods and
    claims, applied when they are created.
  spec                      LimitRangeSpec  -- The limits.

LimitRangeSpec: The limits of a LimitRange.
  limits*                   [LimitRangeItem]  list=atomic  -- One entry per kind of object.

LimitRangeItem: Bounds for one kind of object.
  type*                     string  -- Container, Pod or PersistentVolumeClaim.
  max                       {Quantity}  -- Largest allowed value per resource.
  min                       {Quantity}  -- Smallest allowed value per resource.
  default                   {Quantity}  -- Limit given to containers that set none.
  defaultRequest            {Quantity}  -- Request given to containers that set none.
  maxLimitRequestRatio      {Quantity}  -- Largest allowed limit/request ratio.

ResourceQuota (kind, list): A cap on the total resources and object counts in a namespace.
  spec                      ResourceQuotaSpec  -- The caps.
  status                    ResourceQuotaStatus  -- Current usage.

ResourceQuotaSpec: The caps of a quota.
  hard                      {Quantity}  -- Limit per resource name, e.g. pods: 10, requests.cpu: 4.
  scopes                    [string]  list=atomic  -- Only count objects in these scopes (Terminating,
    BestEffort...).
  scopeSelector             ScopeSelector?  -- Scopes given as expressions.

ScopeSelector (atomic): Scope expressions of a quota; all must match.
  matchExpressions          [ScopedResourceSelectorRequirement]  list=atomic  -- The expressions.

ScopedResourceSelectorRequirement: One scope expression.
  scopeName*  string  enum=BestEffort|CrossNamespacePodAffinity|NotBestEffort|NotTerminating|PriorityClass|Terminating
    -- The scope.
  operator*                 string  enum=DoesNotExist|Exists|In|NotIn  -- How to match.
  values                    [string]  list=atomic  -- Values for In and NotIn.

ResourceQuotaStatus: Usage against a quota.
  hard                      {Quantity}  -- The enforced caps.
  used                      {Quantity}  -- Current usage.

ReplicationController (kind, list): The original replica controller, replaced by ReplicaSet and
    Deployment: keeps a number of pods matching a selector running.
  spec                      ReplicationControllerSpec  -- Desired replicas and the pod template.
  status                    ReplicationControllerStatus  -- Observed replicas.

ReplicationControllerSpec: Desired state of a ReplicationController.
  replicas                  int32  -- How many pods to keep; 1 by default.
  minReadySeconds           int32  -- Seconds a new pod must be ready before it counts as available.
  selector                  {string}  maptype=atomic  -- Labels of the pods it manages; the template's labels by
    default.
  template                  PodTemplateSpec?  -- The pod to create.

ReplicationControllerStatus: Observed state of a ReplicationController.
  replicas*                 int32  -- Pods that exist.
  fullyLabeledReplicas      int32  -- Pods whose labels match the template's.
  readyReplicas             int32  -- Pods that are ready.
  availableReplicas         int32  -- Pods ready for at least minReadySeconds.
  observedGeneration        int64  -- The generation last acted on.
  conditions                [ReplicationControllerCondition]  list=map(type) smp=merge:type  -- Conditions.

ReplicationControllerCondition: One aspect of a ReplicationController's state.
  type*                     string  -- The condition, e.g. ReplicaFailure.
  status*                   string  -- True, False or Unknown.
  lastTransitionTime        Time  -- When status last changed.
  reason                    string  -- A CamelCase word for the last change.
  message                   string  -- A sentence about the last change.

ComponentStatus (kind, list): Deprecated: health of a control-plane component (scheduler,
    controller-manager, etcd) as seen by the API server.
  conditions                [ComponentCondition]  list=map(type) smp=merge:type  -- Health checks.

ComponentCondition: One health check of a component.
  type*                     string  -- Only "Healthy".
  status*                   string  -- True, False or Unknown.
  message                   string  -- The check's output.
  error                     string  -- The error, if the check failed.

TopologySelectorTerm (atomic): Topology conditions, all of which must hold.
  matchLabelExpressions     [TopologySelectorLabelRequirement]  list=atomic  -- The conditions.

TopologySelectorLabelRequirement: A topology label and its allowed values.
  key*                      string  -- The label key, e.g. topology.kubernetes.io/zone.
  values*                   [string]  list=atomic  -- Allowed values.
""")
