"""Core v1 schemas for containers: the Container itself, its ports, environment, resources, probes,
lifecycle hooks, volume mounts and security settings.

Facts (field names, types, markers) from k8s.io/api v0.32.0 core/v1/types.go.
Differences from upstream: descriptions are ours and shorter.
"""

from .dsl import declare

_CONTAINER_FIELDS = """
  name*                     string  -- Name of the container, a DNS label unique within the pod. Used in logs, exec and
    status (kubectl logs POD -c NAME). Cannot be changed.
  image                     string  -- The image to run, e.g. "redis:5" or "nginx:1.27". Workload controllers may leave
    it empty in templates and fill it later.
  command                   [string]  list=atomic  -- Replaces the image's ENTRYPOINT. Not run in a shell:
    $(VAR) references to env variables are expanded, $$(VAR) escapes them.
  args                      [string]  list=atomic  -- Replaces the image's CMD, i.e. the arguments passed to the
    entrypoint. $(VAR) is expanded as for command.
  workingDir                string  -- Directory the process starts in; the image's default when empty.
  ports                     [ContainerPort]  list=map(containerPort,protocol) smp=merge:containerPort  -- Ports the
    container listens on. Informational: a port not listed here is still reachable.
  envFrom                   [EnvFromSource]  list=atomic  -- Bulk-import environment variables from every key of a
    ConfigMap or Secret. Variables in env win over these.
  env                       [EnvVar]  list=map(name) smp=merge:name  -- Environment variables to set in the container.
  resources                 ResourceRequirements  -- CPU and memory the container asks for (requests, used by the
    scheduler) and may not exceed (limits, enforced by the node).
  resizePolicy              [ContainerResizePolicy]  list=atomic  -- What the kubelet does when a resource of a
    running container is resized in place.
  restartPolicy             string  -- Only for init containers: "Always" turns one into a sidecar that starts
    before the app containers and keeps running beside them.
  volumeMounts              [VolumeMount]  list=map(mountPath) smp=merge:mountPath  -- Which of the pod's volumes
    appear in this container's filesystem, and at which paths.
  volumeDevices             [VolumeDevice]  list=map(devicePath) smp=merge:devicePath  -- Raw block volumes to expose
    as device files.
  livenessProbe             Probe?  -- A check that the container is still working; after enough failures the kubelet
    kills and restarts it.
  readinessProbe            Probe?  -- A check that the container can serve traffic; while it fails the pod is
    removed from Service endpoints.
  startupProbe              Probe?  -- A check for slow starters: the other probes wait until it has succeeded once,
    and failing it restarts the container.
  lifecycle                 Lifecycle?  -- Hooks run right after the container starts and right before it is stopped.
  terminationMessagePath    string  -- File whose content becomes the termination message in the container status.
    Defaults to /dev/termination-log.
  terminationMessagePolicy  string  enum=FallbackToLogsOnError|File  -- Where the termination message comes from:
    only the file (File, the default) or, if it is empty and the container failed, the end of the log.
  imagePullPolicy           string  enum=Always|IfNotPresent|Never  -- When the kubelet pulls the image. Defaults to
    Always for the :latest tag (or no tag), otherwise IfNotPresent.
  securityContext           SecurityContext?  -- Security settings for this container; they override the pod's.
  stdin                     bool  -- Keep a stdin buffer open for the container (kubectl run -i, attach).
  stdinOnce                 bool  -- Close stdin after the first client that attached disconnects.
  tty                       bool  -- Allocate a terminal for the container; usually set together with stdin.
"""

declare("core", """
Container: One application container in a pod: which image to run, with which command, environment,
    resources, probes and mounts.
""" + _CONTAINER_FIELDS + """
EphemeralContainer: A temporary container added to a running pod for debugging (kubectl debug). It has
    the fields of a Container, but no ports, probes, resources or lifecycle, and is never restarted.
""" + _CONTAINER_FIELDS + """
  targetContainerName       string  -- Name of an app container whose process namespace the debug container joins,
    so that it can see that container's processes.

ContainerPort: One network port a container listens on.
  name                      string  -- An IANA service-style name (at most 15 characters) that Services can refer to
    by name in targetPort.
  hostPort                  int32  -- Also expose the port on this port of the node. Rarely needed.
  containerPort*            int32  -- The port number the process listens on, inside the pod's network namespace.
  protocol                  string  default=TCP enum=SCTP|TCP|UDP  -- Transport protocol; TCP by default.
  hostIP                    string  -- Node IP address to bind the hostPort to.

EnvVar: One environment variable: a literal value, or a value taken from somewhere else.
  name*                     string  -- Name of the variable.
  value                     string  -- The value. $(OTHER) references earlier variables; $$ escapes a dollar sign.
  valueFrom                 EnvVarSource?  -- Take the value from a ConfigMap, a Secret, a pod field or a resource
    setting instead. Cannot be combined with value.

EnvVarSource: Where an environment variable's value comes from. Set exactly one field.
  fieldRef                  ObjectFieldSelector?  -- A field of the pod: metadata.name, metadata.namespace,
    metadata.labels['key'], spec.nodeName, status.podIP...
  resourceFieldRef          ResourceFieldSelector?  -- A container's request or limit, e.g. limits.memory.
  configMapKeyRef           ConfigMapKeySelector?  -- One key of a ConfigMap.
  secretKeyRef              SecretKeySelector?  -- One key of a Secret.

EnvFromSource: A ConfigMap or Secret whose keys all become environment variables.
  prefix                    string  -- Text put in front of every variable name.
  configMapRef              ConfigMapEnvSource?  -- The ConfigMap to read.
  secretRef                 SecretEnvSource?  -- The Secret to read.

ConfigMapEnvSource: Names a ConfigMap whose keys become environment variables.
  name                      string  default=""  -- Name of the ConfigMap, in the pod's namespace.
  optional                  bool  -- Start the container even if the ConfigMap does not exist.

SecretEnvSource: Names a Secret whose keys become environment variables.
  name                      string  default=""  -- Name of the Secret, in the pod's namespace.
  optional                  bool  -- Start the container even if the Secret does not exist.

ConfigMapKeySelector (atomic): One key of a ConfigMap.
  name                      string  default=""  -- Name of the ConfigMap, in the pod's namespace.
  key*                      string  -- The key to read.
  optional                  bool  -- Whether a missing ConfigMap or key is allowed.

SecretKeySelector (atomic): One key of a Secret.
  name                      string  default=""  -- Name of the Secret, in the pod's namespace.
  key*                      string  -- The key to read.
  optional                  bool  -- Whether a missing Secret or key is allowed.

ObjectFieldSelector (atomic): Points at one field of the object, for the downward API.
  apiVersion                string  -- Version of the schema the path is written against; "v1" by default.
  fieldPath*                string  -- Path of the field, e.g. "metadata.name" or "status.podIP".

ResourceFieldSelector (atomic): Points at a container's resource request or limit, for the downward API.
  containerName             string  -- Which container; required for volumes, optional for env variables.
  resource*                 string  -- requests.cpu, limits.cpu, requests.memory, limits.memory,
    requests.ephemeral-storage or limits.ephemeral-storage.
  divisor                   Quantity  -- Unit the value is expressed in, e.g. "1m" for millicores; "1" by default.

ResourceRequirements: Compute resources of a container (or of a whole pod).
  limits                    {Quantity}  -- The most the container may use. Going over the memory limit gets the
    process killed; CPU over the limit is throttled.
  requests                  {Quantity}  -- What the container is guaranteed; the scheduler only places the pod on a
    node with this much unreserved. Defaults to the limits when only those are given.
  claims                    [ResourceClaim]  list=map(name)  -- Dynamic resources (from spec.resourceClaims) this
    container uses.

ResourceClaim: Refers to one entry of the pod's spec.resourceClaims.
  name*                     string  -- Name of the entry in spec.resourceClaims.
  request                   string  -- Only this request of the claim, when the claim holds several.

ContainerResizePolicy: How to apply an in-place change to one resource.
  resourceName*             string  -- The resource, "cpu" or "memory".
  restartPolicy*            string  -- NotRequired (change it live) or RestartContainer.

VolumeMount: Mounts one of the pod's volumes into the container.
  name*                     string  -- Name of the volume, as listed in the pod's spec.volumes.
  readOnly                  bool  -- Mount read-only. False by default.
  recursiveReadOnly         string  -- Whether read-only also applies to mounts below this one: Disabled,
    IfPossible or Enabled.
  mountPath*                string  -- Where the volume appears in the container. Must not contain ':'.
  subPath                   string  -- Mount only this path inside the volume instead of its root.
  mountPropagation          string  enum=Bidirectional|HostToContainer|None  -- Whether mounts made later on the host
    or in the container propagate to the other side. None by default.
  subPathExpr               string  -- Like subPath, but $(VAR) references to the container's environment are
    expanded. Cannot be combined with subPath.

VolumeDevice: Exposes a raw block volume as a device inside the container.
  name*                     string  -- Name of a PersistentVolumeClaim volume of the pod.
  devicePath*               string  -- Path of the device file in the container.

Probe: A health check the kubelet runs against a container. Set exactly one handler (exec, httpGet,
    tcpSocket or grpc) and tune how often it runs and how many results count.
  exec                      ExecAction?  -- Run a command in the container; exit code 0 means healthy.
  httpGet                   HTTPGetAction?  -- Send an HTTP GET; a status from 200 to 399 means healthy.
  tcpSocket                 TCPSocketAction?  -- Open a TCP connection; success means healthy.
  grpc                      GRPCAction?  -- Call the standard gRPC health-checking service.
  initialDelaySeconds       int32  -- Seconds to wait after the container started before the first check.
  timeoutSeconds            int32  -- Seconds before a check counts as failed. 1 by default.
  periodSeconds             int32  -- Seconds between checks. 10 by default.
  successThreshold          int32  -- Consecutive successes needed after a failure to count as healthy again. 1 by
    default, and must be 1 for liveness and startup probes.
  failureThreshold          int32  -- Consecutive failures that make the probe fail. 3 by default.
  terminationGracePeriodSeconds  int64  -- Grace period used when a failing probe kills the container, overriding
    the pod's terminationGracePeriodSeconds.

ExecAction: Runs a command inside the container.
  command                   [string]  list=atomic  -- The command and its arguments. It is not run in a shell;
    call one explicitly (["sh", "-c", "..."]) to use pipes or variables.

HTTPGetAction: Sends an HTTP GET request to the container.
  path                      string  -- URL path to request, e.g. "/healthz".
  port*                     IntOrString  -- Port number or name of a container port.
  host                      string  -- Host to connect to; the pod IP by default. Set a Host header instead.
  scheme                    string  enum=HTTP|HTTPS  -- HTTP (the default) or HTTPS; certificates are not verified.
  httpHeaders               [HTTPHeader]  list=atomic  -- Extra request headers.

HTTPHeader: One HTTP header.
  name*                     string  -- Header name.
  value*                    string  -- Header value.

TCPSocketAction: Opens a TCP connection to the container.
  port*                     IntOrString  -- Port number or name of a container port.
  host                      string  -- Host to connect to; the pod IP by default.

GRPCAction: Calls the gRPC health-checking protocol.
  port*                     int32  -- Port of the gRPC service.
  service                   string  default=""  -- Service name sent in the health check request.

SleepAction: Pauses for a while.
  seconds*                  int64  -- How many seconds to sleep.

Lifecycle: Hooks the kubelet runs at two moments of a container's life.
  postStart                 LifecycleHandler?  -- Runs right after the container is created. If it fails, the
    container is killed and restarted according to the restart policy.
  preStop                   LifecycleHandler?  -- Runs before the container is stopped (deletion, failed probe,
    preemption...), within the grace period; the TERM signal is sent after it finishes.

LifecycleHandler: What a lifecycle hook does. Set exactly one field.
  exec                      ExecAction?  -- Run a command in the container.
  httpGet                   HTTPGetAction?  -- Send an HTTP GET.
  tcpSocket                 TCPSocketAction?  -- Deprecated; accepted but does nothing useful.
  sleep                     SleepAction?  -- Wait a number of seconds.

SecurityContext: Security settings of one container. Where the pod's securityContext has the same field,
    this one wins.
  capabilities              Capabilities?  -- Linux capabilities to add to or drop from the runtime's default set.
  privileged                bool  -- Run with nearly all the host's privileges, like root on the node. False by
    default.
  seLinuxOptions            SELinuxOptions?  -- SELinux context for the container.
  windowsOptions            WindowsSecurityContextOptions?  -- Settings only used on Windows nodes.
  runAsUser                 int64  -- User id the process runs as; the image's user by default.
  runAsGroup                int64  -- Primary group id of the process; the runtime's default when empty.
  runAsNonRoot              bool  -- Refuse to start the container if it would run as uid 0.
  readOnlyRootFilesystem    bool  -- Mount the container's root filesystem read-only.
  allowPrivilegeEscalation  bool  -- May a process end up with more privileges than the one that started it (via
    a setuid binary, say)? Forced to true for privileged containers and with CAP_SYS_ADMIN.
  procMount                 string  enum=Default|Unmasked  -- How /proc is mounted; Default masks sensitive paths.
  seccompProfile            SeccompProfile?  -- Which seccomp system-call filter to apply.
  appArmorProfile           AppArmorProfile?  -- Which AppArmor profile to apply.

Capabilities: Linux capabilities to change, named like "NET_ADMIN" (without the CAP_ prefix).
  add                       [string]  list=atomic  -- Capabilities to add.
  drop                      [string]  list=atomic  -- Capabilities to remove; ["ALL"] drops all of them.

SELinuxOptions: An SELinux label.
  user                      string  -- SELinux user.
  role                      string  -- SELinux role.
  type                      string  -- SELinux type.
  level                     string  -- SELinux level.

WindowsSecurityContextOptions: Security settings that only apply to Windows containers.
  gmsaCredentialSpecName    string  -- Name of the GMSACredentialSpec object to use.
  gmsaCredentialSpec        string  -- The GMSA credential spec itself, inlined.
  runAsUserName             string  -- Windows user name to run the entrypoint as.
  hostProcess               bool  -- Run as a host process container, with access to the host.

SeccompProfile: A seccomp profile.
  type*                     string  enum=Localhost|RuntimeDefault|Unconfined  -- RuntimeDefault (the runtime's
    filter), Unconfined (no filter) or Localhost (a file on the node).
  localhostProfile          string  -- For Localhost: path of the profile, relative to the kubelet's seccomp
    directory.

AppArmorProfile: An AppArmor profile.
  type*                     string  enum=Localhost|RuntimeDefault|Unconfined  -- RuntimeDefault, Unconfined or
    Localhost (a profile already loaded on the node).
  localhostProfile          string  -- For Localhost: name of the loaded profile.
""")
