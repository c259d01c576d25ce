"""The image half of the simulated runtime: the node's image store and pulls from the catalog.

Follows the CRI ImageService (`staging/src/k8s.io/cri-api/pkg/apis/services.go`: PullImage,
ImageStatus, ListImages, RemoveImage) as containerd 1.7 answers it: images are listed with their
repo tags and repo digests (`docker.io/library/redis:alpine`,
`docker.io/library/redis@sha256:...`); a missing tag fails with
`failed to pull and unpack image "docker.io/library/redis:5xx": failed to resolve reference ...:
not found`, a missing repository with containerd's `pull access denied` text.
`pull_seconds` says how long a pull takes: 0.3-0.7 s of latency plus the size at ~30 MB/s (just
the latency when the image is already here and only the manifest is checked).

Differences from upstream: one blob per image (no layers shared between images); no auth.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import cri
from .catalog import CatalogImage, ReferenceError, parse_reference

PULL_BYTES_PER_SECOND = 30_000_000


@dataclass
class _Image:
    entry: CatalogImage
    tag: str
    id: str
    repo_tags: list
    repo_digests: list
    size: int


class SimImageService:
    """The node's images; pulls resolve against the catalog (the simulated registry)."""

    def __init__(self, clock, rng, catalog, flavor: dict):
        self.clock, self.rng, self.catalog, self.flavor = clock, rng, catalog, flavor
        self.images: dict[str, _Image] = {}
        self.missing_images: set[str] = set()
        self.broken_inspect: set[str] = set()
        self.registry_unavailable = False

    def _local(self, image: str) -> _Image | None:
        try:
            ref = parse_reference(image)
        except ReferenceError:
            return None
        name = f"{ref.repository}:{ref.tag or 'latest'}"
        for img in self.images.values():
            if (ref.digest and f"{ref.repository}@{ref.digest}" in img.repo_digests) or \
                    (not ref.digest and name in img.repo_tags):
                return img
        return None

    def list_images(self) -> list[cri.Image]:
        return [cri.Image(i.id, list(i.repo_tags), list(i.repo_digests), i.size) for i in self.images.values()]

    def image_status(self, image: cri.ImageSpec) -> cri.Image | None:
        if image.image in self.broken_inspect:
            raise cri.CRIError("Unknown", f'failed to get image "{image.image}": image store is corrupted')
        i = self._local(image.image)
        return cri.Image(i.id, list(i.repo_tags), list(i.repo_digests), i.size) if i else None

    def pull_seconds(self, image: cri.ImageSpec, arrived_before: bool = False) -> float:
        """How long pulling `image` takes: latency, plus the download when it is not here yet
        (`arrived_before`: an earlier pull of the same image finishes before this one starts)."""
        latency = 0.3 + self.rng.random() * 0.4
        if arrived_before or self._local(image.image) is not None:
            return round(latency, 3)
        found = self._resolve(image.image)
        size = found[0].size_of(found[1]) if found else 0
        return round(latency + size / PULL_BYTES_PER_SECOND, 3)

    def _resolve(self, image: str):
        try:
            ref = parse_reference(image)
        except ReferenceError:
            return None
        found = self.catalog.find(ref)
        if found is None or f"{ref.repository}:{found[1]}" in self.missing_images:
            return None
        return found

    def pull_image(self, image: cri.ImageSpec, auth: dict | None = None,
                   sandbox_config: cri.PodSandboxConfig | None = None) -> str:
        if self.registry_unavailable:
            raise cri.CRIError("Unavailable", "RegistryUnavailable: dial tcp: connect: connection refused")
        return self._pull(image.image).id

    def _pull(self, image: str) -> _Image:
        ref = parse_reference(image)
        found = self._resolve(image)
        full = f"{ref.repository}:{ref.tag or 'latest'}" if not ref.digest else str(ref)
        if found is None:
            if self.flavor["name"] == "docker":
                raise cri.CRIError("Unknown", f"Error response from daemon: manifest for {image} not found")
            if ref.domain == "docker.io" and not any(i.reference.repository == ref.repository
                                                     for i in self.catalog.images):
                why = ("pull access denied, repository does not exist or may require authorization: "
                       "server message: insufficient_scope: authorization failed")
            else:
                why = f"{full}: not found"
            raise cri.CRIError("NotFound", f'failed to pull and unpack image "{full}": failed to resolve '
                               f'reference "{full}": {why}')
        entry, tag = found
        image_id = "sha256:" + entry.digest_of(f"config-{tag}").split(":", 1)[1]
        img = self.images.get(image_id)
        if img is None:
            img = self.images[image_id] = _Image(entry, tag, image_id, [], [], entry.size_of(tag))
        name, digest = f"{entry.reference.repository}:{tag}", f"{entry.reference.repository}@{entry.digest_of(tag)}"
        for lst, value in ((img.repo_tags, name), (img.repo_digests, digest)):
            if value not in lst:
                lst.append(value)
        return img

    def remove_image(self, image: cri.ImageSpec) -> None:
        img = self._local(image.image)
        if img is not None:
            self.images.pop(img.id, None)

    # ---- faults ---------------------------------------------------------------------------------

    def make_image_missing(self, image: str) -> None:
        """The image disappears from this node and from the registry (pulls fail: not found)."""
        ref = parse_reference(image)
        self.missing_images.add(f"{ref.repository}:{ref.tag or 'latest'}")
        self.remove_image(cri.ImageSpec(image))

    def restore_image(self, image: str) -> None:
        ref = parse_reference(image)
        self.missing_images.discard(f"{ref.repository}:{ref.tag or 'latest'}")

    def break_image_inspect(self, image: str, broken: bool = True) -> None:
        (self.broken_inspect.add if broken else self.broken_inspect.discard)(image)
