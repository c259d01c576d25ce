"""The image manager: make sure a container's image is on the node, pulling it when the policy says.

Follows `pkg/kubelet/images/image_manager.go` (EnsureImageExists: apply the default tag, inspect,
decide by imagePullPolicy, back off after failures, and the Pulling / Pulled / Failed / BackOff /
InspectFailed / ErrImageNeverPull events), `pkg/kubelet/images/puller.go` (serialized pulls: one
at a time, the others wait) and `pkg/kubelet/images/types.go` (the waiting reasons
ErrImagePull, ImagePullBackOff, ErrImageNeverPull, InvalidImageName, ImageInspectError, plus
RegistryUnavailable from the CRI errors). The booklet (v1.11) lists six reasons; RegistryUnavailable
left types.go later and returned as a CRI error.

A pull takes time on the clock: `ensure_image_exists` answers "pulling" until the runtime's pull
is done, then reports the outcome once. Pull back-off is per `<pod uid>_<image>`: 10 s doubling to
300 s, counted from the failure (IsInBackOffSinceUpdate).

Differences from upstream: the pod worker is not blocked while pulling (its next sync asks again);
no pull QPS limit, no parallel-pull limit, no pull secrets.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import cri
from . import events as ev
from .backoff import Backoff
from .runtimes.catalog import ReferenceError, with_default_tag


@dataclass
class ImageResult:
    state: str                          # ready | pulling | error
    image_ref: str = ""
    reason: str = ""                    # a waiting reason when state == error
    message: str = ""


@dataclass
class _PullJob:
    key: str
    image: str                          # as the pod wrote it
    requested_at: float
    started_at: float
    done_at: float
    image_ref: str = ""
    error: cri.CRIError | None = None
    done: bool = False


class ImageManager:
    """EnsureImageExists with simulated pull time, serialized pulls and per-image back-off."""

    def __init__(self, kubelet):
        self.kubelet = kubelet
        self.clock = kubelet.clock
        self.backoff = Backoff(self.clock)
        self.jobs: dict[str, _PullJob] = {}
        self._free_at = 0.0                          # when the serial puller is next idle

    def ensure_image_exists(self, pod: dict, container: dict, field_path: str) -> ImageResult:
        k, msgs, runtime = self.kubelet, self.kubelet.messages, self.kubelet.runtime
        image = container.get("image", "")

        def event(type_, reason, message):
            k.record(pod, type_, reason, message, field_path)

        try:
            spec = cri.ImageSpec(with_default_tag(image))
        except ReferenceError as e:
            msg = msgs.failed_default_tag(image, f'couldn\'t parse image name "{image}": {e}')
            event(ev.WARNING, ev.FAILED_TO_INSPECT_IMAGE, msg)
            return ImageResult("error", reason=ev.ERR_INVALID_IMAGE_NAME, message=msg)
        key = f"{pod['metadata'].get('uid', '')}_{image}"
        job = self.jobs.get(key)
        if job is not None:
            return self._finish(job, pod, event) if job.done else ImageResult("pulling")
        try:
            present = runtime.image_status(spec)
        except cri.CRIError as e:
            msg = msgs.failed_to_inspect(image, str(e))
            event(ev.WARNING, ev.FAILED_TO_INSPECT_IMAGE, msg)
            return ImageResult("error", reason=ev.ERR_IMAGE_INSPECT, message=msg)
        policy = container.get("imagePullPolicy") or "IfNotPresent"
        if policy == "Never" or (policy == "IfNotPresent" and present is not None):
            if present is not None:
                event(ev.NORMAL, ev.PULLED_IMAGE, msgs.already_present(image))
                return ImageResult("ready", image_ref=present.id)
            msg = msgs.never_pull(image)
            event(ev.WARNING, ev.ERR_IMAGE_NEVER_PULL_POLICY, msg)
            return ImageResult("error", reason=ev.ERR_IMAGE_NEVER_PULL, message=msg)
        now = self.clock.now()
        if self.backoff.is_in_backoff_since_update(key, now):
            msg = msgs.back_off_pulling(image)
            event(ev.NORMAL, ev.BACK_OFF_PULL_IMAGE, msg)
            return ImageResult("error", reason=ev.ERR_IMAGE_PULL_BACK_OFF, message=msg)
        event(ev.NORMAL, ev.PULLING_IMAGE, msgs.pulling(image))
        self._start(key, image, spec, pod["metadata"].get("uid", ""))
        return ImageResult("pulling")

    def retry_at(self, pod: dict, image: str) -> float | None:
        """When the pull back-off for this pod's image ends (None: not backing off)."""
        entry = self.backoff.entries.get(f"{pod['metadata'].get('uid', '')}_{image}")
        return entry.last_update + entry.backoff if entry else None

    def _start(self, key: str, image: str, spec: cri.ImageSpec, uid: str) -> None:
        now = self.clock.now()
        serial = self.kubelet.config.serialize_image_pulls
        # with serialized pulls, a queued pull of an image an earlier pull is fetching finds its
        # layers there when its turn comes: only the registry round trip is left
        ahead = serial and any(j.image == image and not j.done and j.error is None for j in self.jobs.values())
        seconds = self.kubelet.runtime.pull_seconds(spec, arrived_before=ahead)
        start = max(now, self._free_at) if serial else now
        job = self.jobs[key] = _PullJob(key, image, now, start, start + seconds)
        if self.kubelet.config.serialize_image_pulls:
            self._free_at = job.done_at

        def done():
            try:
                job.image_ref = self.kubelet.runtime.pull_image(spec)
            except cri.CRIError as e:
                job.error = e
            job.done = True
            self.kubelet.pod_workers.enqueue(uid, external=False)

        self.clock.call_at(job.done_at, done)

    def _finish(self, job: _PullJob, pod: dict, event) -> ImageResult:
        del self.jobs[job.key]
        msgs = self.kubelet.messages
        if job.error is not None:
            event(ev.WARNING, ev.FAILED_TO_PULL_IMAGE, msgs.failed_to_pull(job.image, str(job.error)))
            self.backoff.next(job.key, self.clock.now())
            if job.error.desc.startswith(ev.ERR_REGISTRY_UNAVAILABLE):
                detail = job.error.desc[len(ev.ERR_REGISTRY_UNAVAILABLE):]
                return ImageResult("error", reason=ev.ERR_REGISTRY_UNAVAILABLE,
                                   message=msgs.registry_unavailable(job.image, detail))
            return ImageResult("error", reason=ev.ERR_IMAGE_PULL, message=str(job.error))
        size = next((i.size for i in self.kubelet.runtime.list_images() if i.id == job.image_ref), 0)
        event(ev.NORMAL, ev.PULLED_IMAGE, msgs.pulled(job.image, job.done_at - job.started_at,
                                                      job.done_at - job.requested_at, size))
        self.backoff.gc()
        return ImageResult("ready", image_ref=job.image_ref)

    def forget_pod(self, uid: str) -> None:
        for key in [k for k in self.jobs if k.startswith(uid + "_")]:
            del self.jobs[key]
