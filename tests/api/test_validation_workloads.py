"""Deployments, ReplicaSets, DaemonSets, StatefulSets, Jobs and CronJobs: create and update."""

import copy

from k8slab.api.defaults import apply_defaults, job_prepare_for_create
from k8slab.api.validation import validate_create, validate_update
from k8slab.apiserver.errors import invalid


def pairs(causes):
    return [(c[0], c[2]) for c in causes]


def workload(kind, selector=None, labels=None, api="apps/v1", **spec):
    obj = {"apiVersion": api, "kind": kind, "metadata": {"name": "web", "namespace": "work"},
           "spec": {"template": {"metadata": {"labels": labels if labels is not None else {"app": "web"}},
                                 "spec": {"containers": [{"name": "web", "image": "nginx"}]}}, **spec}}
    if selector is not None:
        obj["spec"]["selector"] = selector
    apply_defaults(obj)
    return obj


def stored(obj):
    obj = copy.deepcopy(obj)
    obj["metadata"]["resourceVersion"] = "7"
    return obj


def test_deployment_selector_must_match_template():
    d = workload("Deployment", {"matchLabels": {"app": "x"}})
    causes = validate_create(d)
    assert pairs(causes) == [("spec.template.metadata.labels",
                              'Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`')]
    assert invalid("apps", "Deployment", "web", causes).message == (
        'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: '
        'map[string]string{"app":"web"}: `selector` does not match template `labels`')


def test_deployment_selector_required_and_not_empty():
    assert pairs(validate_create(workload("Deployment"))) == [("spec.selector", "Required value")]
    assert pairs(validate_create(workload("Deployment", {}))) == [
        ("spec.selector", "Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
         "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment")]


def test_deployment_template_is_pod_validated():
    d = workload("Deployment", {"matchLabels": {"app": "web"}})
    d["spec"]["template"]["spec"]["containers"][0]["image"] = ""
    d["spec"]["template"]["spec"]["restartPolicy"] = "Never"
    assert pairs(validate_create(d)) == [
        ("spec.template.spec.containers[0].image", "Required value"),
        ("spec.template.spec.restartPolicy", 'Unsupported value: "Never": supported values: "Always"')]


def test_deployment_strategy():
    d = workload("Deployment", {"matchLabels": {"app": "web"}}, strategy={"type": "BlueGreen"})
    assert pairs(validate_create(d)) == [("spec.strategy", 'Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", '
                                          'RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: '
                                          '"Recreate", "RollingUpdate"')]
    d = workload("Deployment", {"matchLabels": {"app": "web"}},
                 strategy={"rollingUpdate": {"maxUnavailable": 0, "maxSurge": "0%"}})
    assert pairs(validate_create(d)) == [("spec.strategy.rollingUpdate.maxUnavailable",
                                          'Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: '
                                          "may not be 0 when `maxSurge` is 0")]
    d = workload("Deployment", {"matchLabels": {"app": "web"}}, strategy={"rollingUpdate": {"maxUnavailable": "1x"}})
    assert pairs(validate_create(d)) == [(
        "spec.strategy.rollingUpdate.maxUnavailable",
        "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"1x\"}: a valid percent string must be a numeric "
        "string followed by an ending '%' (e.g. '1%', or '93%', regex used for validation is '[0-9]+%')")]


def test_deployment_selector_is_immutable():
    old = stored(workload("Deployment", {"matchLabels": {"app": "web"}}))
    new = copy.deepcopy(old)
    new["spec"]["selector"] = {"matchLabels": {"app": "web", "tier": "fe"}}
    new["spec"]["template"]["metadata"]["labels"]["tier"] = "fe"
    causes = validate_update(new, old)
    assert invalid("apps", "Deployment", "web", causes).message == (
        'Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:'
        'map[string]string{"app":"web", "tier":"fe"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: '
        "field is immutable")
    scaled = copy.deepcopy(old)
    scaled["spec"]["replicas"] = 5
    scaled["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:1.25"
    assert validate_update(scaled, old) == []


def test_replicaset_and_daemonset_selectors_immutable():
    for kind in ("ReplicaSet", "DaemonSet"):
        old = stored(workload(kind, {"matchLabels": {"app": "web"}}))
        assert validate_create(old) == []
        new = copy.deepcopy(old)
        new["spec"]["selector"]["matchLabels"] = {"app": "web2"}
        new["spec"]["template"]["metadata"]["labels"] = {"app": "web2"}
        assert [c[0] for c in validate_update(new, old)] == ["spec.selector"]


def test_daemonset_update_strategy():
    ds = workload("DaemonSet", {"matchLabels": {"app": "web"}},
                  updateStrategy={"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 1}})
    assert pairs(validate_create(ds)) == [("spec.updateStrategy.rollingUpdate.maxSurge",
                                           'Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: '
                                           "may not be set when maxUnavailable is non-zero")]


def test_statefulset_rules():
    ss = workload("StatefulSet", {"matchLabels": {"app": "web"}}, serviceName="web", podManagementPolicy="Random")
    assert pairs(validate_create(ss)) == [("spec.podManagementPolicy",
                                           "Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'")]
    old = stored(workload("StatefulSet", {"matchLabels": {"app": "web"}}, serviceName="web"))
    new = copy.deepcopy(old)
    new["spec"]["serviceName"] = "other"
    assert pairs(validate_update(new, old)) == [(
        "spec", "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
        "'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden")]
    new = copy.deepcopy(old)
    new["spec"]["replicas"] = 3
    assert validate_update(new, old) == []


def job(restart="Never", **spec):
    j = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "pi", "namespace": "work"},
         "spec": {"template": {"spec": {"restartPolicy": restart,
                                        "containers": [{"name": "pi", "image": "perl"}]}}, **spec}}
    apply_defaults(j)
    job_prepare_for_create(j, "8d7e1f2a-0000-4000-8000-000000000001")
    return j


def test_job_valid_after_prepare():
    assert validate_create(job()) == []


def test_job_restart_policy():
    assert pairs(validate_create(job(restart="Always"))) == [
        ("spec.template.spec.restartPolicy", 'Required value: valid values: "OnFailure", "Never"')]
    j = job()
    j["spec"]["template"]["spec"]["restartPolicy"] = "Sometimes"
    assert ('spec.template.spec.restartPolicy', 'Unsupported value: "Sometimes": supported values: "OnFailure", "Never"') \
        in pairs(validate_create(j))


def test_job_updates():
    old = stored(job())
    new = copy.deepcopy(old)
    new["spec"]["completions"] = 3
    new["spec"]["template"]["spec"]["containers"][0]["image"] = "perl:5"
    assert pairs(validate_update(new, old)) == [
        ("spec.completions", "Invalid value: 3: field is immutable"),
        ("spec.template", "Invalid value: core.PodTemplateSpec{...}: field is immutable")]
    new = copy.deepcopy(old)
    new["spec"]["suspend"] = True
    new["spec"]["parallelism"] = 4
    assert validate_update(new, old) == []


def test_job_generated_labels_are_checked():
    j = job()
    j["spec"]["template"]["metadata"]["labels"]["job-name"] = "other"
    assert ("spec.template.metadata.labels[job-name]") in [c[0] for c in validate_create(j)]


def test_cronjob():
    cj = {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c", "namespace": "work"},
          "spec": {"schedule": "* * *", "concurrencyPolicy": "Sometimes",
                   "jobTemplate": {"spec": {"template": {"spec": {"restartPolicy": "OnFailure",
                                                                  "containers": [{"name": "c", "image": "x"}]}}}}}}
    apply_defaults(cj)
    assert pairs(validate_create(cj)) == [
        ("spec.schedule", 'Invalid value: "* * *": expected exactly 5 fields, found 3: * * *'),
        ("spec.concurrencyPolicy", 'Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"')]
