"""The CronJob controller on the virtual clock (epoch 2023-11-14T22:13:20Z)."""

from k8slab import Cluster
from k8slab.api.names import rfc3339
from k8slab.controllers.cronjob import CronJobController


def cluster(profile="current"):
    c = Cluster(start=False, profile=profile)
    c.add_component(CronJobController())
    c.start()
    return c


def cronjob(name="hello", schedule="*/1 * * * *", **spec):
    return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": name},
            "spec": {"schedule": schedule, "jobTemplate": {"metadata": {"labels": {"app": name}}, "spec": {
                "template": {"spec": {"restartPolicy": "OnFailure",
                                      "containers": [{"name": "hello", "image": "busybox"}]}}}}, **spec}}


def jobs(c):
    return sorted(j["metadata"]["name"] for j in c.client.list("batch/v1", "Job", "default")["items"])


def get(c, name="hello"):
    return c.client.get("batch/v1", "CronJob", name, "default")


def events(c, name="hello"):
    return [(e["type"], e["reason"], e["message"]) for e in c.client.list("v1", "Event", "default")["items"]
            if e["involvedObject"]["name"] == name]


def finish(c, name, ctype="Complete"):
    j = c.client.get("batch/v1", "Job", name, "default")
    now = rfc3339(c.clock.time())
    j["status"] = {"startTime": now, "conditions": [{"type": ctype, "status": "True", "lastTransitionTime": now}]}
    if ctype == "Complete":
        j["status"]["completionTime"] = now
    c.client._call("PUT", f"/apis/batch/v1/namespaces/default/jobs/{name}/status", None, j)


def test_job_per_minute_named_by_scheduled_minutes():
    c = cluster()
    c.apply(cronjob())
    assert jobs(c) == []
    c.advance(41)                                  # 22:14:00 (+100 ms)
    slot = 1_700_000_040
    assert jobs(c) == [f"hello-{slot // 60}"]
    job = c.client.get("batch/v1", "Job", f"hello-{slot // 60}", "default")
    assert job["metadata"]["labels"]["app"] == "hello"
    assert job["metadata"]["annotations"]["batch.kubernetes.io/cronjob-scheduled-timestamp"] == \
        "2023-11-14T22:14:00Z"
    ref = job["metadata"]["ownerReferences"][0]
    assert (ref["kind"], ref["name"], ref["controller"]) == ("CronJob", "hello", True)
    cj = get(c)
    assert cj["status"]["lastScheduleTime"] == "2023-11-14T22:14:00Z"
    assert [a["name"] for a in cj["status"]["active"]] == [f"hello-{slot // 60}"]
    assert ("Normal", "SuccessfulCreate", f"Created job hello-{slot // 60}") in events(c)
    c.advance(60)
    assert len(jobs(c)) == 2


def test_completed_job_leaves_active_and_sets_last_successful_time():
    c = cluster()
    c.apply(cronjob())
    c.advance(41)
    [name] = jobs(c)
    finish(c, name)
    c.settle()
    cj = get(c)
    assert "active" not in cj["status"]
    assert cj["status"]["lastSuccessfulTime"] == rfc3339(c.clock.time())
    assert ("Normal", "SawCompletedJob", f"Saw completed job: {name}, condition: Complete") in events(c)


def test_forbid_skips_while_a_job_runs():
    c = cluster()
    c.apply(cronjob(concurrencyPolicy="Forbid"))
    c.advance(41)
    c.advance(60)
    assert len(jobs(c)) == 1
    assert ("Normal", "JobAlreadyActive",
            "Not starting job because prior execution is running and concurrency policy is Forbid") in events(c)


def test_replace_deletes_the_running_job():
    c = cluster()
    c.apply(cronjob(concurrencyPolicy="Replace"))
    c.advance(41)
    [first] = jobs(c)
    c.advance(60)
    assert first not in jobs(c) and len(jobs(c)) == 1
    assert ("Normal", "SuccessfulDelete", f"Deleted job {first}") in events(c)


def test_history_limits():
    c = cluster()
    c.apply(cronjob(successfulJobsHistoryLimit=1, failedJobsHistoryLimit=1))
    made = []
    for _ in range(3):
        c.advance(60 if made else 41)
        new = [n for n in jobs(c) if n not in made]
        made += new
        finish(c, new[0])
        c.settle()
    assert jobs(c) == [made[-1]]


def test_suspend_and_starting_deadline():
    c = cluster()
    c.apply(cronjob(suspend=True, startingDeadlineSeconds=10))
    c.advance(200)
    assert jobs(c) == []
    cj = get(c)
    cj["spec"]["suspend"] = False
    c.client.update(cj)
    c.settle()
    assert jobs(c) == []                           # the last slot is 20 s ago: past the deadline
    c.advance(60)
    assert len(jobs(c)) == 1


def test_time_zone_in_the_annotation():
    c = cluster()
    c.apply(cronjob(schedule="0 * * * *", timeZone="Asia/Shanghai"))
    c.advance(3600)
    [name] = jobs(c)
    job = c.client.get("batch/v1", "Job", name, "default")
    assert job["metadata"]["annotations"]["batch.kubernetes.io/cronjob-scheduled-timestamp"] == \
        "2023-11-15T07:00:00+08:00"


def test_unparseable_schedule_event():
    c = cluster()
    c.apply(cronjob(schedule="61 * * * *"))
    assert ("Warning", "UnparseableSchedule",
            'unparseable schedule: "61 * * * *" : end of range (61) above maximum (59): 61') in events(c)


def test_book_profile_names_by_seconds():
    c = cluster("book")
    c.apply(cronjob())
    c.advance(41)
    assert jobs(c) == ["hello-1700000040"]
    finish(c, "hello-1700000040")
    c.settle()
    assert ("Normal", "SawCompletedJob", "Saw completed job: hello-1700000040, status: Complete") in events(c)
