"""ImageLocality: prefer nodes that already have the pod's images, weighted by image size and by how
widely the image is spread (an image on every node is no reason to pick one of them).

Follows `pkg/scheduler/framework/plugins/imagelocality/image_locality.go`: per container image
present on the node, size * (nodes having it / all nodes); the sum is clamped to
[23 MiB, 1000 MiB * containers] and scaled to 0..100. Image names without a tag get ":latest".
"""

from __future__ import annotations

from ..framework import MAX_NODE_SCORE, Plugin

NAME = "ImageLocality"
MB = 1024 * 1024
MIN_THRESHOLD = 23 * MB
MAX_CONTAINER_THRESHOLD = 1000 * MB


def normalized_image_name(name: str) -> str:
    if name.rfind(":") <= name.rfind("/"):
        name += ":latest"
    return name


def calculate_priority(sum_scores: int, num_containers: int) -> int:
    max_threshold = MAX_CONTAINER_THRESHOLD * num_containers
    sum_scores = min(max(sum_scores, MIN_THRESHOLD), max_threshold)
    return MAX_NODE_SCORE * (sum_scores - MIN_THRESHOLD) // (max_threshold - MIN_THRESHOLD)


class ImageLocality(Plugin):
    name = NAME

    def score_nodes(self, state, pi, nodes):
        if not self.handle.cache.image_states:
            return [0] * len(nodes)                     # no node reports images
        images = [normalized_image_name(i) for i in pi.images]
        total = self.handle.cache.num_nodes() or 1
        n = len(images)
        out = []
        for ni in nodes:
            states = ni.image_states
            if not states:
                out.append(0)
                continue
            s = 0
            for image in images:
                st = states.get(image)
                if st is not None:
                    s += int(st.size * len(st.nodes) / total)
            out.append(calculate_priority(s, n))
        return out

    def score(self, state, pi, ni) -> int:
        return self.score_nodes(state, pi, [ni])[0]
