"""Protobuf field tables: which field number is which JSON field, for every message decoded.

Generated (by tests/api/protobuf_schema_gen.py) from k8s.io/api and k8s.io/apimachinery
v0.33.13: field numbers and wire types from each package's `generated.proto` (apps/v1,
batch/v1, rbac/v1, authorization/v1, authentication/v1, networking/v1, policy/v1,
scheduling/v1, certificates/v1, pkg/apis/meta/v1), JSON names and presence rules from the Go
struct tags in the same packages' types.go. core/v1 lives in protobuf_schemas_core.py.

Notation, one string per message, fields separated by ", ":  `<number> <json name> <type>`
  type    s string, i int32/int64, b bool, y bytes (base64 in JSON), or a message name;
          prefix []: repeated; prefix {}: map with string keys (entries are {1 key, 2 value})
  suffix  ? the Go field is a pointer: present on the wire means present in JSON, even if zero
          ! the JSON tag has no omitempty: an absent value is written (zero, or null)
  name -  the Go field is embedded with `json:",inline"`: its fields merge into the parent
  LIST    the message wraps a Go `[]string` type: {repeated string items = 1} is a JSON list
Messages handled in code, not here: meta.Time, meta.FieldsV1, intstr.IntOrString,
resource.Quantity (see protobuf.py).
"""
from k8slab.api.protobuf_schemas_core import CORE_MESSAGES

KINDS = {  # (apiVersion, kind) -> message of the object in runtime.Unknown's raw
    ("v1", "Namespace"): "core.Namespace",
    ("v1", "ConfigMap"): "core.ConfigMap",
    ("v1", "Secret"): "core.Secret",
    ("v1", "Service"): "core.Service",
    ("v1", "ServiceAccount"): "core.ServiceAccount",
    ("v1", "Pod"): "core.Pod",
    ("v1", "ResourceQuota"): "core.ResourceQuota",
    ("apps/v1", "Deployment"): "apps.Deployment",
    ("batch/v1", "Job"): "batch.Job",
    ("batch/v1", "CronJob"): "batch.CronJob",
    ("rbac.authorization.k8s.io/v1", "Role"): "rbac.Role",
    ("rbac.authorization.k8s.io/v1", "ClusterRole"): "rbac.ClusterRole",
    ("rbac.authorization.k8s.io/v1", "RoleBinding"): "rbac.RoleBinding",
    ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"): "rbac.ClusterRoleBinding",
    ("authorization.k8s.io/v1", "SelfSubjectAccessReview"): "authorization.SelfSubjectAccessReview",
    ("authorization.k8s.io/v1", "SelfSubjectRulesReview"): "authorization.SelfSubjectRulesReview",
    ("authentication.k8s.io/v1", "TokenRequest"): "authentication.TokenRequest",
    ("authentication.k8s.io/v1", "SelfSubjectReview"): "authentication.SelfSubjectReview",
    ("networking.k8s.io/v1", "Ingress"): "networking.Ingress",
    ("policy/v1", "PodDisruptionBudget"): "policy.PodDisruptionBudget",
    ("policy/v1", "Eviction"): "policy.Eviction",
    ("scheduling.k8s.io/v1", "PriorityClass"): "scheduling.PriorityClass",
    ("certificates.k8s.io/v1", "CertificateSigningRequest"): "certificates.CertificateSigningRequest",
}
# DeleteOptions is registered in every group version; a typed client sends its own (drain
# --disable-eviction sends v1).
KINDS.update({(api_version, "DeleteOptions"): "meta.DeleteOptions"
              for api_version in {"meta.k8s.io/v1", *(v for v, _ in KINDS)}})

MESSAGES = dict(CORE_MESSAGES, **{
    # k8s.io.api.apps.v1
    'apps.Deployment': (
        '1 metadata meta.ObjectMeta, 2 spec apps.DeploymentSpec, 3 status apps.DeploymentStatus'),
    'apps.DeploymentCondition': (
        '1 type s!, 2 status s!, 4 reason s, 5 message s, 6 lastUpdateTime meta.Time, '
        '7 lastTransitionTime meta.Time'),
    'apps.DeploymentSpec': (
        '1 replicas i?, 2 selector meta.LabelSelector?!, 3 template core.PodTemplateSpec!, '
        '4 strategy apps.DeploymentStrategy, 5 minReadySeconds i, 6 revisionHistoryLimit i?, '
        '7 paused b, 9 progressDeadlineSeconds i?'),
    'apps.DeploymentStatus': (
        '1 observedGeneration i, 2 replicas i, 3 updatedReplicas i, 4 availableReplicas i, '
        '5 unavailableReplicas i, 6 conditions []apps.DeploymentCondition, 7 readyReplicas i, '
        '8 collisionCount i?, 9 terminatingReplicas i?'),
    'apps.DeploymentStrategy': '1 type s, 2 rollingUpdate apps.RollingUpdateDeployment?',
    'apps.RollingUpdateDeployment': (
        '1 maxUnavailable intstr.IntOrString?, 2 maxSurge intstr.IntOrString?'),
    # k8s.io.api.batch.v1
    'batch.CronJob': (
        '1 metadata meta.ObjectMeta, 2 spec batch.CronJobSpec, 3 status batch.CronJobStatus'),
    'batch.CronJobSpec': (
        '1 schedule s!, 2 startingDeadlineSeconds i?, 3 concurrencyPolicy s, 4 suspend b?, '
        '5 jobTemplate batch.JobTemplateSpec!, 6 successfulJobsHistoryLimit i?, '
        '7 failedJobsHistoryLimit i?, 8 timeZone s?'),
    'batch.CronJobStatus': (
        '1 active []core.ObjectReference, 4 lastScheduleTime meta.Time?, '
        '5 lastSuccessfulTime meta.Time?'),
    'batch.Job': '1 metadata meta.ObjectMeta, 2 spec batch.JobSpec, 3 status batch.JobStatus',
    'batch.JobCondition': (
        '1 type s!, 2 status s!, 3 lastProbeTime meta.Time, 4 lastTransitionTime meta.Time, '
        '5 reason s, 6 message s'),
    'batch.JobSpec': (
        '1 parallelism i?, 2 completions i?, 3 activeDeadlineSeconds i?, '
        '4 selector meta.LabelSelector?, 5 manualSelector b?, 6 template core.PodTemplateSpec!, '
        '7 backoffLimit i?, 8 ttlSecondsAfterFinished i?, 9 completionMode s?, 10 suspend b?, '
        '11 podFailurePolicy batch.PodFailurePolicy?, 12 backoffLimitPerIndex i?, '
        '13 maxFailedIndexes i?, 14 podReplacementPolicy s?, 15 managedBy s?, '
        '16 successPolicy batch.SuccessPolicy?'),
    'batch.JobStatus': (
        '1 conditions []batch.JobCondition, 2 startTime meta.Time?, 3 completionTime meta.Time?, '
        '4 active i, 5 succeeded i, 6 failed i, 7 completedIndexes s, '
        '8 uncountedTerminatedPods batch.UncountedTerminatedPods?, 9 ready i?, 10 failedIndexes s?, '
        '11 terminating i?'),
    'batch.JobTemplateSpec': '1 metadata meta.ObjectMeta, 2 spec batch.JobSpec',
    'batch.PodFailurePolicy': '1 rules []batch.PodFailurePolicyRule!',
    'batch.PodFailurePolicyOnExitCodesRequirement': (
        '1 containerName s?, 2 operator s!, 3 values []i!'),
    'batch.PodFailurePolicyOnPodConditionsPattern': '1 type s!, 2 status s!',
    'batch.PodFailurePolicyRule': (
        '1 action s!, 2 onExitCodes batch.PodFailurePolicyOnExitCodesRequirement?, '
        '3 onPodConditions []batch.PodFailurePolicyOnPodConditionsPattern'),
    'batch.SuccessPolicy': '1 rules []batch.SuccessPolicyRule!',
    'batch.SuccessPolicyRule': '1 succeededIndexes s?, 2 succeededCount i?',
    'batch.UncountedTerminatedPods': '1 succeeded []s, 2 failed []s',
    # k8s.io.api.rbac.v1
    'rbac.AggregationRule': '1 clusterRoleSelectors []meta.LabelSelector',
    'rbac.ClusterRole': (
        '1 metadata meta.ObjectMeta, 2 rules []rbac.PolicyRule!, '
        '3 aggregationRule rbac.AggregationRule?'),
    'rbac.ClusterRoleBinding': (
        '1 metadata meta.ObjectMeta, 2 subjects []rbac.Subject, 3 roleRef rbac.RoleRef!'),
    'rbac.PolicyRule': (
        '1 verbs []s!, 2 apiGroups []s, 3 resources []s, 4 resourceNames []s, 5 nonResourceURLs []s'),
    'rbac.Role': '1 metadata meta.ObjectMeta, 2 rules []rbac.PolicyRule!',
    'rbac.RoleBinding': (
        '1 metadata meta.ObjectMeta, 2 subjects []rbac.Subject, 3 roleRef rbac.RoleRef!'),
    'rbac.RoleRef': '1 apiGroup s!, 2 kind s!, 3 name s!',
    'rbac.Subject': '1 kind s!, 2 apiGroup s, 3 name s!, 4 namespace s',
    # k8s.io.api.authorization.v1
    'authorization.FieldSelectorAttributes': (
        '1 rawSelector s, 2 requirements []meta.FieldSelectorRequirement'),
    'authorization.LabelSelectorAttributes': (
        '1 rawSelector s, 2 requirements []meta.LabelSelectorRequirement'),
    'authorization.NonResourceAttributes': '1 path s, 2 verb s',
    'authorization.NonResourceRule': '1 verbs []s!, 2 nonResourceURLs []s',
    'authorization.ResourceAttributes': (
        '1 namespace s, 2 verb s, 3 group s, 4 version s, 5 resource s, 6 subresource s, 7 name s, '
        '8 fieldSelector authorization.FieldSelectorAttributes?, '
        '9 labelSelector authorization.LabelSelectorAttributes?'),
    'authorization.ResourceRule': (
        '1 verbs []s!, 2 apiGroups []s, 3 resources []s, 4 resourceNames []s'),
    'authorization.SelfSubjectAccessReview': (
        '1 metadata meta.ObjectMeta, 2 spec authorization.SelfSubjectAccessReviewSpec!, '
        '3 status authorization.SubjectAccessReviewStatus'),
    'authorization.SelfSubjectAccessReviewSpec': (
        '1 resourceAttributes authorization.ResourceAttributes?, '
        '2 nonResourceAttributes authorization.NonResourceAttributes?'),
    'authorization.SelfSubjectRulesReview': (
        '1 metadata meta.ObjectMeta, 2 spec authorization.SelfSubjectRulesReviewSpec!, '
        '3 status authorization.SubjectRulesReviewStatus'),
    'authorization.SelfSubjectRulesReviewSpec': '1 namespace s',
    'authorization.SubjectAccessReviewStatus': (
        '1 allowed b!, 2 reason s, 3 evaluationError s, 4 denied b'),
    'authorization.SubjectRulesReviewStatus': (
        '1 resourceRules []authorization.ResourceRule!, '
        '2 nonResourceRules []authorization.NonResourceRule!, 3 incomplete b!, 4 evaluationError s'),
    # k8s.io.api.authentication.v1
    'authentication.BoundObjectReference': '1 kind s, 2 apiVersion s, 3 name s, 4 uid s',
    'authentication.ExtraValue': 'LIST',
    'authentication.SelfSubjectReview': (
        '1 metadata meta.ObjectMeta, 2 status authentication.SelfSubjectReviewStatus'),
    'authentication.SelfSubjectReviewStatus': '1 userInfo authentication.UserInfo',
    'authentication.TokenRequest': (
        '1 metadata meta.ObjectMeta, 2 spec authentication.TokenRequestSpec!, '
        '3 status authentication.TokenRequestStatus'),
    'authentication.TokenRequestSpec': (
        '1 audiences []s!, 3 boundObjectRef authentication.BoundObjectReference?!, '
        '4 expirationSeconds i?!'),
    'authentication.TokenRequestStatus': '1 token s!, 2 expirationTimestamp meta.Time!',
    'authentication.UserInfo': (
        '1 username s, 2 uid s, 3 groups []s, 4 extra {}authentication.ExtraValue'),
    # k8s.io.api.networking.v1
    'networking.HTTPIngressPath': '1 path s, 2 backend networking.IngressBackend!, 3 pathType s?!',
    'networking.HTTPIngressRuleValue': '1 paths []networking.HTTPIngressPath!',
    'networking.Ingress': (
        '1 metadata meta.ObjectMeta, 2 spec networking.IngressSpec, '
        '3 status networking.IngressStatus'),
    'networking.IngressBackend': (
        '3 resource core.TypedLocalObjectReference?, 4 service networking.IngressServiceBackend?'),
    'networking.IngressLoadBalancerIngress': (
        '1 ip s, 2 hostname s, 4 ports []networking.IngressPortStatus'),
    'networking.IngressLoadBalancerStatus': '1 ingress []networking.IngressLoadBalancerIngress',
    'networking.IngressPortStatus': '1 port i!, 2 protocol s!, 3 error s?',
    'networking.IngressRule': '1 host s, 2 - networking.IngressRuleValue',
    'networking.IngressRuleValue': '1 http networking.HTTPIngressRuleValue?',
    'networking.IngressServiceBackend': '1 name s!, 2 port networking.ServiceBackendPort',
    'networking.IngressSpec': (
        '1 defaultBackend networking.IngressBackend?, 2 tls []networking.IngressTLS, '
        '3 rules []networking.IngressRule, 4 ingressClassName s?'),
    'networking.IngressStatus': '1 loadBalancer networking.IngressLoadBalancerStatus',
    'networking.IngressTLS': '1 hosts []s, 2 secretName s',
    'networking.ServiceBackendPort': '1 name s, 2 number i',
    # k8s.io.api.policy.v1
    'policy.Eviction': '1 metadata meta.ObjectMeta, 2 deleteOptions meta.DeleteOptions?',
    'policy.PodDisruptionBudget': (
        '1 metadata meta.ObjectMeta, 2 spec policy.PodDisruptionBudgetSpec, '
        '3 status policy.PodDisruptionBudgetStatus'),
    'policy.PodDisruptionBudgetSpec': (
        '1 minAvailable intstr.IntOrString?, 2 selector meta.LabelSelector?, '
        '3 maxUnavailable intstr.IntOrString?, 4 unhealthyPodEvictionPolicy s?'),
    'policy.PodDisruptionBudgetStatus': (
        '1 observedGeneration i, 2 disruptedPods {}meta.Time, 3 disruptionsAllowed i!, '
        '4 currentHealthy i!, 5 desiredHealthy i!, 6 expectedPods i!, 7 conditions []meta.Condition'),
    # k8s.io.api.scheduling.v1
    'scheduling.PriorityClass': (
        '1 metadata meta.ObjectMeta, 2 value i!, 3 globalDefault b, 4 description s, '
        '5 preemptionPolicy s?'),
    # k8s.io.api.certificates.v1
    'certificates.CertificateSigningRequest': (
        '1 metadata meta.ObjectMeta, 2 spec certificates.CertificateSigningRequestSpec!, '
        '3 status certificates.CertificateSigningRequestStatus'),
    'certificates.CertificateSigningRequestCondition': (
        '1 type s!, 2 reason s, 3 message s, 4 lastUpdateTime meta.Time, '
        '5 lastTransitionTime meta.Time, 6 status s!'),
    'certificates.CertificateSigningRequestSpec': (
        '1 request y!, 2 username s, 3 uid s, 4 groups []s, 5 usages []s, '
        '6 extra {}certificates.ExtraValue, 7 signerName s!, 8 expirationSeconds i?'),
    'certificates.CertificateSigningRequestStatus': (
        '1 conditions []certificates.CertificateSigningRequestCondition, 2 certificate y'),
    'certificates.ExtraValue': 'LIST',
    # k8s.io.apimachinery.pkg.apis.meta.v1
    'meta.Condition': (
        '1 type s!, 2 status s!, 3 observedGeneration i, 4 lastTransitionTime meta.Time!, '
        '5 reason s!, 6 message s!'),
    'meta.DeleteOptions': (
        '1 gracePeriodSeconds i?, 2 preconditions meta.Preconditions?, 3 orphanDependents b?, '
        '4 propagationPolicy s?, 5 dryRun []s, '
        '6 ignoreStoreReadErrorWithClusterBreakingPotential b?'),
    'meta.FieldSelectorRequirement': '1 key s!, 2 operator s!, 3 values []s',
    'meta.LabelSelector': '1 matchLabels {}s, 2 matchExpressions []meta.LabelSelectorRequirement',
    'meta.LabelSelectorRequirement': '1 key s!, 2 operator s!, 3 values []s',
    'meta.ManagedFieldsEntry': (
        '1 manager s, 2 operation s, 3 apiVersion s, 4 time meta.Time?, 6 fieldsType s, '
        '7 fieldsV1 meta.FieldsV1?, 8 subresource s'),
    'meta.ObjectMeta': (
        '1 name s, 2 generateName s, 3 namespace s, 4 selfLink s, 5 uid s, 6 resourceVersion s, '
        '7 generation i, 8 creationTimestamp meta.Time, 9 deletionTimestamp meta.Time?, '
        '10 deletionGracePeriodSeconds i?, 11 labels {}s, 12 annotations {}s, '
        '13 ownerReferences []meta.OwnerReference, 14 finalizers []s, '
        '17 managedFields []meta.ManagedFieldsEntry'),
    'meta.OwnerReference': (
        '1 kind s!, 3 name s!, 4 uid s!, 5 apiVersion s!, 6 controller b?, 7 blockOwnerDeletion b?'),
    'meta.Preconditions': '1 uid s?, 2 resourceVersion s?',
})
