"""batch/v1 validation: Jobs and CronJobs.

Follows `pkg/apis/batch/validation/validation.go` (v1.32): validateGeneratedSelector (the
`controller-uid`/`job-name` labels, prefixed and legacy), ValidateJobSpec/validateJobSpec
(restartPolicy must be OnFailure or Never: `Always` reads `Required value: valid values:
"OnFailure", "Never"`), ValidateJobSpecUpdate (selector, template, completionMode immutable),
ValidateCronJobCreate/validateCronJobSpec and ValidateJobTemplateSpec.

Differences from upstream: podFailurePolicy, successPolicy and elastic indexed jobs are not
validated; the cron schedule is checked for five fields only (robfig/cron's parser is not ported);
an immutable template prints as `core.PodTemplateSpec{...}` instead of Go's full `%#v` dump.
"""

from __future__ import annotations

from . import field as f
from . import meta as m
from .field import Cause
from .pods import validate_template

CONCURRENCY = ["Allow", "Forbid", "Replace"]


def _job_spec(s: dict, path: str) -> list[Cause]:
    errs: list[Cause] = []
    for k in ("parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished",
              "backoffLimitPerIndex", "maxFailedIndexes"):
        if s.get(k) is not None:
            errs += m.nonnegative(s[k], f"{path}.{k}")
    mode = s.get("completionMode")
    if mode is not None and mode not in ("NonIndexed", "Indexed"):
        errs.append(f.not_supported(f"{path}.completionMode", mode, ["NonIndexed", "Indexed"]))
    if mode == "Indexed" and s.get("completions") is None:
        errs.append(f.required(f"{path}.completions", "when completion mode is Indexed"))
    prp = s.get("podReplacementPolicy")
    if prp is not None:
        if s.get("podFailurePolicy") is not None and prp != "Failed":
            errs.append(f.not_supported(f"{path}.podReplacementPolicy", prp, ["Failed"]))
        elif prp not in ("Failed", "TerminatingOrFailed"):
            errs.append(f.not_supported(f"{path}.podReplacementPolicy", prp, ["Failed", "TerminatingOrFailed"]))
    errs += validate_template(s.get("template"), f"{path}.template")
    rp = ((s.get("template") or {}).get("spec") or {}).get("restartPolicy") or ""
    rpath = f"{path}.template.spec.restartPolicy"
    if rp in ("Always", ""):
        errs.append(f.required(rpath, 'valid values: "OnFailure", "Never"'))
    elif rp not in ("OnFailure", "Never"):
        errs.append(f.not_supported(rpath, rp, ["OnFailure", "Never"]))
    elif s.get("podFailurePolicy") is not None and rp != "Never":
        errs.append(f.invalid(rpath, rp, 'only "Never" is supported when podFailurePolicy is specified'))
    return errs


def _generated_selector(job: dict) -> list[Cause]:
    s, meta = job.get("spec") or {}, job.get("metadata") or {}
    if s.get("manualSelector") or s.get("selector") is None:
        return []
    errs: list[Cause] = []
    uid, name = meta.get("uid") or "", meta.get("name") or ""
    if not uid:
        errs.append(f.required("metadata.uid"))
    labels = ((s.get("template") or {}).get("metadata") or {}).get("labels") or {}
    for key, want in (("controller-uid", uid), ("job-name", name),
                      ("batch.kubernetes.io/controller-uid", uid), ("batch.kubernetes.io/job-name", name)):
        p = f"spec.template.metadata.labels[{key}]"
        if key not in labels:
            errs.append(f.required(p, f"must be '{want}'"))
        elif labels[key] != want:
            errs.append(f.invalid(p, f.Go(f.go_map(labels)), f"must be '{want}'"))
    expected = {"controller-uid": uid, "job-name": name, "batch.kubernetes.io/controller-uid": uid,
                "batch.kubernetes.io/job-name": name}
    if not m.selector_matches(s["selector"], expected):
        errs.append(f.invalid("spec.selector", f.go_label_selector(s["selector"]),
                              "`selector` not auto-generated"))
    return errs


def _job_spec_and_selector(s: dict) -> list[Cause]:
    errs = _job_spec(s, "spec")
    sel = s.get("selector")
    if sel is None:
        errs.append(f.required("spec.selector"))
    else:
        errs += m.validate_label_selector(sel, "spec.selector")
        labels = ((s.get("template") or {}).get("metadata") or {}).get("labels")
        if not m.selector_matches(sel, labels) and not m.selector_empty(sel):
            errs.append(f.invalid("spec.template.metadata.labels", f.Go(f.go_map(labels)),
                                  "`selector` does not match template `labels`"))
    return errs


def validate_job(job: dict) -> list[Cause]:
    meta, s = job.get("metadata") or {}, job.get("spec") or {}
    errs = m.validate_object_meta(meta, True, m.name_is_dns_subdomain)
    errs += _generated_selector(job) + _job_spec_and_selector(s)
    if s.get("completionMode") == "Indexed" and (s.get("completions") or 0) > 0:
        host = f"{meta.get('name', '')}-{s['completions'] - 1}"
        if m.is_dns1123_label(host):
            errs.append(f.invalid("metadata.name", meta.get("name", ""),
                                  f"will not able to create pod with invalid DNS label: {host}"))
    return errs


def validate_job_update(new: dict, old: dict) -> list[Cause]:
    errs = m.validate_object_meta_update(new.get("metadata") or {}, old.get("metadata") or {})
    errs += _generated_selector(new) + _job_spec_and_selector(new.get("spec") or {})
    ns, os_ = new.get("spec") or {}, old.get("spec") or {}
    errs += m.immutable(ns.get("completions"), os_.get("completions"), "spec.completions")
    errs += m.immutable(ns.get("selector"), os_.get("selector"), "spec.selector",
                        f.go_label_selector(ns.get("selector")))
    errs += m.immutable(ns.get("template"), os_.get("template"), "spec.template",
                        f.Go("core.PodTemplateSpec{...}"))
    errs += m.immutable(ns.get("completionMode"), os_.get("completionMode"), "spec.completionMode")
    return errs


def _schedule(sched: str) -> list[Cause]:
    if not sched:
        return [f.required("spec.schedule")]
    fields = sched.split()
    if sched.startswith("@"):
        ok = sched in ("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly") \
            or sched.startswith("@every ")
        return [] if ok else [f.invalid("spec.schedule", sched, f"unrecognized descriptor: {sched}")]
    errs = []
    if len(fields) != 5:
        errs.append(f.invalid("spec.schedule", sched,
                              f"expected exactly 5 fields, found {len(fields)}: {sched}"))
    if "TZ" in sched:
        errs.append(f.invalid("spec.schedule", sched,
                              "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"))
    return errs


def validate_cron_job(cj: dict) -> list[Cause]:
    meta, s = cj.get("metadata") or {}, cj.get("spec") or {}
    errs = m.validate_object_meta(meta, True, m.name_is_dns_subdomain) + _cron_spec(s)
    if len(meta.get("name") or "") > 52:
        errs.append(f.invalid("metadata.name", meta["name"], "must be no more than 52 characters"))
    return errs


def _cron_spec(s: dict) -> list[Cause]:
    errs = _schedule(s.get("schedule") or "")
    if s.get("startingDeadlineSeconds") is not None:
        errs += m.nonnegative(s["startingDeadlineSeconds"], "spec.startingDeadlineSeconds")
    cp = s.get("concurrencyPolicy") or ""
    if not cp:
        errs.append(f.required("spec.concurrencyPolicy"))
    elif cp not in CONCURRENCY:
        errs.append(f.not_supported("spec.concurrencyPolicy", cp, CONCURRENCY))
    jspec = (s.get("jobTemplate") or {}).get("spec") or {}
    errs += _job_spec(jspec, "spec.jobTemplate.spec")
    if jspec.get("selector") is not None:
        errs.append(f.invalid("spec.jobTemplate.spec.selector", f.go_label_selector(jspec["selector"]),
                              "`selector` will be auto-generated"))
    if jspec.get("manualSelector"):
        errs.append(f.not_supported("spec.jobTemplate.spec.manualSelector", True, ["nil", "false"]))
    for k in ("successfulJobsHistoryLimit", "failedJobsHistoryLimit"):
        if s.get(k) is not None:
            errs += m.nonnegative(s[k], f"spec.{k}")
    return errs


def validate_cron_job_update(new: dict, old: dict) -> list[Cause]:
    errs = m.validate_object_meta_update(new.get("metadata") or {}, old.get("metadata") or {})
    return errs + _cron_spec(new.get("spec") or {})
