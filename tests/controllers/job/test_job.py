"""The Job controller: pods, completions, parallelism, back-off, deadline, suspend, Indexed."""

from .jobs import cluster, conditions, events, finish, get, job, pods


def test_one_pod_completes_the_job():
    c = cluster()
    c.apply(job())
    [p] = pods(c)
    assert p["metadata"]["name"].startswith("pi-") and len(p["metadata"]["name"]) == 8
    assert p["metadata"]["finalizers"] == ["batch.kubernetes.io/job-tracking"]
    ref = p["metadata"]["ownerReferences"][0]
    assert (ref["kind"], ref["name"], ref["controller"], ref["blockOwnerDeletion"]) == ("Job", "pi", True, True)
    j = get(c)
    assert j["status"]["active"] == 1 and j["status"]["ready"] == 0 and j["status"]["startTime"]
    assert j["status"]["uncountedTerminatedPods"] == {}
    assert ("Normal", "SuccessfulCreate", f"Created pod: {p['metadata']['name']}") in events(c)
    c.advance(10)
    finish(c, p, "Succeeded")
    c.advance(2)
    j = get(c)
    assert j["status"]["succeeded"] == 1 and "active" not in j["status"]
    assert j["status"]["completionTime"]
    assert conditions(j) == [
        ("SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods"),
        ("Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods")]
    assert ("Normal", "Completed", "Job completed") in events(c)
    assert not pods(c)[0]["metadata"].get("finalizers")           # counted: finalizer gone


def test_completions_and_parallelism():
    c = cluster()
    c.apply(job(completions=5, parallelism=2))
    assert len(pods(c)) == 2
    for round_ in range(3):
        for p in [p for p in pods(c) if p["status"]["phase"] == "Pending"]:
            finish(c, p, "Succeeded")
        c.advance(2)
    j = get(c)
    assert j["status"]["succeeded"] == 5
    assert len(pods(c)) == 5
    assert conditions(j)[-1][0] == "Complete"


def test_backoff_limit_exceeded_with_exponential_backoff():
    c = cluster()
    c.apply(job(backoffLimit=2))
    created = []
    for attempt in range(3):
        [p] = [p for p in pods(c) if p["status"]["phase"] == "Pending"]
        created.append(c.clock.now())
        finish(c, p, "Failed")
        c.advance(1.5)
        if attempt < 2:
            assert not [p for p in pods(c) if p["status"]["phase"] == "Pending"]   # backing off
            c.advance(10 * 2 ** attempt)
    j = get(c)
    assert j["status"]["failed"] == 3
    assert conditions(j) == [
        ("FailureTarget", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
        ("Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit")]
    assert ("Warning", "BackoffLimitExceeded", "Job has reached the specified backoff limit") in events(c)
    assert len(pods(c)) == 3


def test_active_deadline_seconds():
    c = cluster()
    c.apply(job(activeDeadlineSeconds=30))
    [p] = pods(c)
    c.advance(31)
    j = get(c)
    assert conditions(j) == [
        ("FailureTarget", "True", "DeadlineExceeded", "Job was active longer than specified deadline"),
        ("Failed", "True", "DeadlineExceeded", "Job was active longer than specified deadline")]
    assert j["status"]["failed"] == 1 and pods(c) == []   # unscheduled: deleted at once
    assert ("Normal", "SuccessfulDelete", f"Deleted pod: {p['metadata']['name']}") in events(c)
    assert ("Warning", "DeadlineExceeded", "Job was active longer than specified deadline") in events(c)


def test_suspend_deletes_pods_and_resume_recreates():
    c = cluster()
    c.apply(job(parallelism=2, completions=2))
    assert len(pods(c)) == 2
    j = get(c)
    j["spec"]["suspend"] = True
    c.client.update(j)
    c.settle()
    j = get(c)
    assert conditions(j) == [("Suspended", "True", "JobSuspended", "Job suspended")]
    assert ("Normal", "Suspended", "Job suspended") in events(c)
    assert all(p["metadata"].get("deletionTimestamp") or False for p in pods(c)) or not pods(c)
    j["spec"]["suspend"] = False
    c.client.update(j)
    c.settle()
    assert conditions(get(c)) == [("Suspended", "False", "JobResumed", "Job resumed")]
    assert len([p for p in pods(c) if not p["metadata"].get("deletionTimestamp")]) == 2


def test_indexed_job():
    c = cluster()
    c.apply(job(completions=3, parallelism=3, completionMode="Indexed"))
    ps = pods(c)
    idx = sorted(p["metadata"]["annotations"]["batch.kubernetes.io/job-completion-index"] for p in ps)
    assert idx == ["0", "1", "2"]
    p0 = [p for p in ps if p["metadata"]["annotations"]["batch.kubernetes.io/job-completion-index"] == "0"][0]
    assert p0["metadata"]["name"].startswith("pi-0-") and p0["spec"]["hostname"] == "pi-0"
    assert {"name": "JOB_COMPLETION_INDEX", "valueFrom": {"fieldRef": {
        "apiVersion": "v1", "fieldPath": "metadata.annotations['batch.kubernetes.io/job-completion-index']"}}} \
        in p0["spec"]["containers"][0]["env"]
    for p in ps:
        if p is not p0:
            finish(c, p, "Succeeded")
    c.advance(2)
    assert get(c)["status"]["completedIndexes"] == "1,2"
    finish(c, p0, "Succeeded")
    c.advance(2)
    j = get(c)
    assert j["status"]["completedIndexes"] == "0-2" and j["status"]["succeeded"] == 3
    assert conditions(j)[-1][0] == "Complete"


def test_book_profile_conditions():
    c = cluster("book")
    c.apply(job())
    [p] = pods(c)
    finish(c, p, "Succeeded")
    c.advance(2)
    j = get(c)
    assert conditions(j) == [("Complete", "True", "", "")]
    assert "ready" not in j["status"]


def test_deleted_pod_counts_as_failed_and_is_replaced():
    c = cluster()
    c.apply(job())
    [p] = pods(c)
    c.client.delete("v1", "Pod", p["metadata"]["name"], "default")
    c.advance(2)
    j = get(c)
    assert j["status"]["failed"] == 1
    c.advance(12)
    live = [p for p in pods(c) if not p["metadata"].get("deletionTimestamp")]
    assert len(live) == 1 and get(c)["status"]["active"] == 1


def test_deleted_job_takes_its_pods_despite_their_finalizers():
    from k8slab.controllers.garbagecollector import GarbageCollector
    c = cluster("current", GarbageCollector())
    c.apply(job(parallelism=2, completions=2))
    assert len(pods(c)) == 2
    c.client.delete("batch/v1", "Job", "pi", "default", propagationPolicy="Background")
    c.settle()
    assert pods(c) == []                 # GC deleted them, the orphan pass removed the finalizer
