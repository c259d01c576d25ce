"""The scheduler cache: a NodeInfo per node with the pods bound or assumed there, and image states.

Follows `pkg/scheduler/internal/cache/cache.go` (AssumePod before binding so the next pod sees the
resources taken, FinishBinding, ForgetPod on failure; AddPod confirms an assumed pod when the
informer delivers it bound; Add/Update/RemoveNode; imageStates: per image its size and the nodes
having it) and `node_tree.go` (nodes listed zone by zone, round-robin across zones, so that
consecutive nodes spread over zones).

Differences from upstream: there is one thread, so the cache is its own snapshot (no
UpdateSnapshot copying by generation); assumed pods never expire (upstream's default TTL is 0 too).
"""

from __future__ import annotations

from .nodeinfo import NodeInfo, PodInfo

LABEL_ZONE = "topology.kubernetes.io/zone"
LABEL_REGION = "topology.kubernetes.io/region"


def zone_key(labels: dict) -> str:
    """utilnode.GetZoneKey: region and zone, or "" when the node has neither."""
    region, zone = labels.get(LABEL_REGION, ""), labels.get(LABEL_ZONE, "")
    return f"{region}:\x00:{zone}" if region or zone else ""


class ImageState:
    __slots__ = ("size", "nodes")

    def __init__(self, size: int):
        self.size = size
        self.nodes: set[str] = set()


class Cache:
    """NodeInfos by name, pod states by UID, and the order nodes are tried in."""

    def __init__(self):
        self.node_infos: dict[str, NodeInfo] = {}
        self.pod_states: dict[str, tuple[PodInfo, str]] = {}      # uid -> (pod info, node name)
        self.assumed: set[str] = set()
        self.image_states: dict[str, ImageState] = {}
        self._zones: dict[str, list[str]] = {}                      # node tree: zone -> node names
        self._with_affinity: set[str] = set()                       # nodes with pods having (anti-)affinity
        self._with_required_anti: set[str] = set()
        self._list: list[NodeInfo] | None = None

    # ---- nodes --------------------------------------------------------------------------------------

    def add_node(self, node: dict) -> NodeInfo:
        name = node["metadata"]["name"]
        ni = self.node_infos.get(name)
        if ni is None:
            ni = self.node_infos[name] = NodeInfo(name)
        keep_place = ni.node is not None and zone_key(ni.labels) == zone_key(node["metadata"].get("labels") or {})
        if ni.node is not None:
            if not keep_place:
                self._remove_from_tree(ni)
            self._remove_images(ni)
        ni.set_node(node)
        if not keep_place:
            self._zones.setdefault(zone_key(ni.labels), []).append(name)
            self._list = None
        self._add_images(ni, node)
        return ni

    update_node = add_node

    def remove_node(self, name: str) -> None:
        ni = self.node_infos.get(name)
        if ni is None or ni.node is None:
            return
        self._remove_from_tree(ni)
        self._remove_images(ni)
        ni.node = None
        if not ni.pods:                     # pods may outlive their node's object for a while
            del self.node_infos[name]
        self._list = None

    def _remove_from_tree(self, ni: NodeInfo) -> None:
        key = zone_key(ni.labels)
        names = self._zones.get(key, [])
        if ni.name in names:
            names.remove(ni.name)
            if not names:
                del self._zones[key]

    def _add_images(self, ni: NodeInfo, node: dict) -> None:
        from .plugins.imagelocality import normalized_image_name
        states = {}
        for image in (node.get("status") or {}).get("images") or []:
            for name in image.get("names") or []:
                name = normalized_image_name(name)
                st = self.image_states.get(name)
                if st is None:
                    st = self.image_states[name] = ImageState(int(image.get("sizeBytes") or 0))
                st.nodes.add(ni.name)
                states[name] = st
        ni.image_states = states

    def _remove_images(self, ni: NodeInfo) -> None:
        for name, st in ni.image_states.items():
            st.nodes.discard(ni.name)
            if not st.nodes:
                self.image_states.pop(name, None)
        ni.image_states = {}

    def node_list(self) -> list[NodeInfo]:
        """NodeInfos of existing nodes in node-tree order (zones interleaved)."""
        if self._list is None:
            zones = [self._zones[z] for z in self._zones]
            out, i = [], 0
            while True:
                row = [names[i] for names in zones if i < len(names)]
                if not row:
                    break
                out.extend(self.node_infos[n] for n in row)
                i += 1
            self._list = out
        return self._list

    def num_nodes(self) -> int:
        return len(self.node_list())

    def nodes_with_affinity(self) -> list[NodeInfo]:
        """HavePodsWithAffinityList (existing nodes only)."""
        return [self.node_infos[n] for n in sorted(self._with_affinity) if self.node_infos[n].node is not None]

    def nodes_with_required_anti_affinity(self) -> list[NodeInfo]:
        """HavePodsWithRequiredAntiAffinityList (existing nodes only)."""
        return [self.node_infos[n] for n in sorted(self._with_required_anti)
                if self.node_infos[n].node is not None]

    def _touch(self, ni: NodeInfo) -> None:
        for names, has in ((self._with_affinity, ni.pods_with_affinity),
                           (self._with_required_anti, ni.pods_with_required_anti_affinity)):
            if has:
                names.add(ni.name)
            else:
                names.discard(ni.name)

    # ---- pods ---------------------------------------------------------------------------------------

    def _node_info(self, name: str) -> NodeInfo:
        ni = self.node_infos.get(name)
        if ni is None:
            ni = self.node_infos[name] = NodeInfo(name)       # a pod may arrive before its node
        return ni

    def assume_pod(self, pi: PodInfo, node_name: str) -> None:
        """AssumePod: account for the pod on the node before the binding is confirmed."""
        if pi.uid in self.pod_states:
            raise ValueError(f"pod {pi.key} is in the cache, so can't be assumed")
        ni = self._node_info(node_name)
        ni.add_pod(pi)
        self._touch(ni)
        self.pod_states[pi.uid] = (pi, node_name)
        self.assumed.add(pi.uid)

    def forget_pod(self, pi: PodInfo) -> None:
        """ForgetPod: the binding failed; give the resources back."""
        state = self.pod_states.get(pi.uid)
        if state is not None and pi.uid in self.assumed:
            self._remove(state)
            self.assumed.discard(pi.uid)

    def is_assumed(self, uid: str) -> bool:
        return uid in self.assumed

    def add_pod(self, pod: dict) -> None:
        """AddPod from the informer: confirms an assumed pod, or adds a pod bound by someone else."""
        pi = PodInfo(pod)
        state = self.pod_states.get(pi.uid)
        if state is not None:
            self._remove(state)                   # the assumed copy, or a stale one
            self.assumed.discard(pi.uid)
        ni = self._node_info(pi.node_name)
        ni.add_pod(pi)
        self._touch(ni)
        self.pod_states[pi.uid] = (pi, pi.node_name)

    update_pod = add_pod

    def remove_pod(self, pod: dict) -> None:
        uid = pod["metadata"].get("uid") or f"{pod['metadata'].get('namespace')}/{pod['metadata']['name']}"
        state = self.pod_states.get(uid)
        if state is not None:
            self._remove(state)
            self.assumed.discard(uid)

    def _remove(self, state: tuple[PodInfo, str]) -> None:
        pi, node_name = state
        ni = self.node_infos.get(node_name)
        if ni is not None:
            ni.remove_pod(pi)
            self._touch(ni)
            if ni.node is None and not ni.pods:
                del self.node_infos[node_name]
        self.pod_states.pop(pi.uid, None)

    def __repr__(self):
        return f"Cache(nodes={self.num_nodes()}, pods={len(self.pod_states)}, assumed={len(self.assumed)})"
