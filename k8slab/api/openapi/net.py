"""Schemas of rbac.authorization.k8s.io/v1 (Role, ClusterRole and their bindings),
networking.k8s.io/v1 (Ingress, IngressClass, NetworkPolicy) and discovery.k8s.io/v1 (EndpointSlice).

Facts (field names, types, markers) from k8s.io/api v0.32.0 rbac/v1, networking/v1 and
discovery/v1 types.go.
Differences from upstream: descriptions are ours and shorter.
"""

from .dsl import declare

declare("rbac", """
Role (kind, list): A set of permissions inside one namespace, as rules of allowed verbs on resources.
    Permissions only add up: there are no deny rules. A RoleBinding grants them to users.
  rules                     [PolicyRule]  list=atomic  -- The allowed actions.

ClusterRole (kind, list): A set of permissions that is not tied to a namespace: it can cover
    cluster-scoped resources (nodes), non-resource URLs (/healthz), or be reused in many namespaces
    through RoleBindings.
  rules                     [PolicyRule]  list=atomic  -- The allowed actions.
  aggregationRule           AggregationRule?  -- Build the rules from other ClusterRoles instead; the controller
    then overwrites rules.

PolicyRule: One permission: these verbs are allowed on these resources (or URLs).
  verbs*                    [string]  list=atomic  -- get, list, watch, create, update, patch, delete,
    deletecollection... "*" allows all.
  apiGroups                 [string]  list=atomic  -- API groups of the resources; "" is the core group, "*" any.
  resources                 [string]  list=atomic  -- Resource names such as pods or deployments/scale; "*"
    means all.
  resourceNames             [string]  list=atomic  -- Only objects with these names. Empty allows every name.
  nonResourceURLs           [string]  list=atomic  -- URL paths such as /healthz or /api/*, for ClusterRoles
    bound with a ClusterRoleBinding.

AggregationRule: How to assemble a ClusterRole from others.
  clusterRoleSelectors      [LabelSelector]  list=atomic  -- ClusterRoles with matching labels contribute their
    rules.

RoleBinding (kind, list): Grants the permissions of a Role (or ClusterRole) to users, groups or service
    accounts, within the RoleBinding's namespace.
  subjects                  [Subject]  list=atomic  -- Who gets the permissions.
  roleRef*                  RoleRef  -- Which Role or ClusterRole. Cannot be changed; delete and recreate instead.

ClusterRoleBinding (kind, list): Grants the permissions of a ClusterRole to users, groups or service
    accounts in every namespace and for cluster-scoped resources.
  subjects                  [Subject]  list=atomic  -- Who gets the permissions.
  roleRef*                  RoleRef  -- Which ClusterRole. Cannot be changed.

Subject (atomic): Someone permissions are granted to.
  kind*                     string  -- User, Group or ServiceAccount.
  apiGroup                  string  -- "rbac.authorization.k8s.io" for User and Group, "" for ServiceAccount.
  name*                     string  -- The user, group or service account name.
  namespace                 string  -- For a ServiceAccount: its namespace.

RoleRef (atomic): The role a binding grants.
  apiGroup*                 string  -- "rbac.authorization.k8s.io".
  kind*                     string  -- Role or ClusterRole.
  name*                     string  -- Name of the role.
""")

declare("networking", """
Ingress (kind, list): Rules that let HTTP(S) traffic from outside the cluster reach Services: routing by
    host name (name-based virtual hosting) and URL path, TLS termination, and load balancing over the
    Service's pods. An ingress controller (nginx, for example) reads Ingresses and configures its proxy
    accordingly; Ingress is a resource of its own, not a type of Service.
  spec                      IngressSpec  -- Routing rules, TLS settings and the default backend.
  status                    IngressStatus  -- Addresses of the load balancer serving the Ingress.

IngressSpec: What an Ingress routes.
  ingressClassName          string  -- The IngressClass (which controller) handles this Ingress.
  defaultBackend            IngressBackend?  -- Where requests that match no rule go.
  tls                       [IngressTLS]  list=atomic  -- TLS settings: host names and their certificate Secret.
  rules                     [IngressRule]  list=atomic  -- Host and path rules, tried in order of specificity.

IngressRule: Routing for one host name.
  host                      string  -- The host name to match, e.g. "saythx.moelove.info"; a leading "*." matches
    one label. Empty matches every host.
  http                      HTTPIngressRuleValue?  -- The paths of that host.

HTTPIngressRuleValue: HTTP paths of one rule.
  paths*                    [HTTPIngressPath]  list=atomic  -- The paths and their backends.

HTTPIngressPath: A URL path and the backend that serves it.
  path                      string  -- The path to match, starting with "/".
  pathType*                 string  -- Exact (the exact path), Prefix (by path segments) or
    ImplementationSpecific (up to the controller).
  backend*                  IngressBackend  -- Where matching requests go.

IngressBackend: Where an Ingress sends requests. Set service or resource.
  service                   IngressServiceBackend?  -- A Service of the Ingress's namespace.
  resource                  TypedLocalObjectReference?  -- Another object, e.g. a storage bucket.

IngressServiceBackend: A Service and one of its ports.
  name*                     string  -- Name of the Service.
  port                      ServiceBackendPort  -- Which port of the Service.

ServiceBackendPort (atomic): A Service port, by name or number.
  name                      string  -- The port's name.
  number                    int32  -- The port's number.

IngressTLS: TLS for a set of hosts.
  hosts                     [string]  list=atomic  -- Host names the certificate covers.
  secretName                string  -- Secret of type kubernetes.io/tls with the certificate and key.

IngressStatus: Observed state of an Ingress.
  loadBalancer              IngressLoadBalancerStatus  -- The load balancer's addresses.

IngressLoadBalancerStatus: Addresses of an Ingress's load balancer.
  ingress                   [IngressLoadBalancerIngress]  list=atomic  -- The addresses.

IngressLoadBalancerIngress: One load balancer address.
  ip                        string  -- An IP address.
  hostname                  string  -- A DNS name.
  ports                     [IngressPortStatus]  list=atomic  -- Status of each port.

IngressPortStatus: Status of one port.
  port*                     int32  -- The port.
  protocol*                 string  enum=SCTP|TCP|UDP  -- Its protocol.
  error                     string  -- A problem with the port, if any.

IngressClass (kind, list): A kind of ingress: which controller implements it and with which parameters.
    The annotation ingressclass.kubernetes.io/is-default-class marks the default.
  spec                      IngressClassSpec  -- Controller and parameters.

IngressClassSpec: Description of an IngressClass.
  controller                string  -- Name of the controller, e.g. k8s.io/ingress-nginx.
  parameters                IngressClassParametersReference?  -- An object with extra settings for it.

IngressClassParametersReference: Points to the settings object of an IngressClass.
  apiGroup                  string  -- API group of the object.
  kind*                     string  -- Kind of the object.
  name*                     string  -- Name of the object.
  scope                     string  -- Cluster (the default) or Namespace.
  namespace                 string  -- Its namespace, when scope is Namespace.

NetworkPolicy (kind, list): A firewall for pods: which traffic may reach (ingress) or leave (egress) the
    selected pods. Once a pod is selected by a policy, traffic not allowed by some policy is dropped.
    Enforced by the network plugin.
  spec                      NetworkPolicySpec  -- The pods and the allowed traffic.

NetworkPolicySpec: What a NetworkPolicy allows.
  podSelector*              LabelSelector  -- The pods the policy applies to; {} selects all in the namespace.
  ingress                   [NetworkPolicyIngressRule]  list=atomic  -- Allowed incoming traffic.
  egress                    [NetworkPolicyEgressRule]  list=atomic  -- Allowed outgoing traffic.
  policyTypes               [string]  list=atomic  -- Ingress, Egress or both: which directions the policy
    restricts.

NetworkPolicyIngressRule: Incoming traffic allowed from some peers on some ports.
  ports                     [NetworkPolicyPort]  list=atomic  -- Allowed ports; all when empty.
  from                      [NetworkPolicyPeer]  list=atomic  -- Allowed sources; all when empty.

NetworkPolicyEgressRule: Outgoing traffic allowed to some peers on some ports.
  ports                     [NetworkPolicyPort]  list=atomic  -- Allowed ports; all when empty.
  to                        [NetworkPolicyPeer]  list=atomic  -- Allowed destinations; all when empty.

NetworkPolicyPeer: A set of peers. podSelector and namespaceSelector together select pods in matching
    namespaces.
  podSelector               LabelSelector?  -- Pods, in the policy's namespace unless namespaceSelector is set.
  namespaceSelector         LabelSelector?  -- Namespaces, by label.
  ipBlock                   IPBlock?  -- An IP range.

NetworkPolicyPort: A port or port range.
  protocol                  string  enum=SCTP|TCP|UDP  -- TCP by default.
  port                      IntOrString?  -- Port number or name; all ports when empty.
  endPort                   int32  -- With a numeric port: the end of a range.

IPBlock: An IP range, possibly with holes.
  cidr*                     string  -- The range, e.g. 10.0.0.0/16.
  except                    [string]  list=atomic  -- Sub-ranges to leave out.
""")

declare("discovery", """
EndpointSlice (kind, list): A slice of the endpoints behind a Service (at most 100 by default). The
    endpointslice controller keeps them in sync with the pods; kube-proxy reads them.
  addressType*              string  -- IPv4, IPv6 or FQDN.
  endpoints*                [Endpoint]  list=atomic  -- The endpoints.
  ports                     [EndpointPort]  list=atomic  -- Ports every endpoint serves.

Endpoint: One backend of a Service.
  addresses*                [string]  list=set  -- Its addresses (usually one pod IP).
  conditions                EndpointConditions  -- Whether it is ready, serving, terminating.
  hostname                  string  -- Host name, for DNS.
  targetRef                 ObjectReference?  -- The pod behind it.
  deprecatedTopology        {string}  -- Deprecated topology labels.
  nodeName                  string  -- The node it runs on.
  zone                      string  -- The zone it runs in.
  hints                     EndpointHints?  -- Routing hints for topology-aware routing.

EndpointConditions: State of an endpoint.
  ready                     bool  -- Ready to receive traffic.
  serving                   bool  -- Passing readiness, even while terminating.
  terminating               bool  -- Shutting down.

EndpointHints: Topology hints of an endpoint.
  forZones                  [ForZone]  list=atomic  -- Zones that should use this endpoint.

ForZone: A zone.
  name*                     string  -- Zone name.

EndpointPort (atomic): A port of an EndpointSlice.
  name                      string  -- The Service port name it belongs to.
  protocol                  string  enum=SCTP|TCP|UDP  -- Its protocol.
  port                      int32  -- The port number; all ports when empty.
  appProtocol               string  -- Application protocol.
""")
