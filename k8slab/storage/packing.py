"""How the memory store keeps values small: zstd with a dictionary of typical Kubernetes objects.

A stored object is one or two KB of JSON whose keys and most values (`"managedFields"`,
`"fieldsV1"`, `"f:metadata"`, `"nginx:1.25"`, condition types) repeat across every object of its
kind. Compressed alone, a value keeps about 40 % of its size; compressed against a dictionary
holding a typical pod, event, node, lease and workload object (packing_samples.py, taken from a
k8slab cluster), it keeps about 13 %, and zstd does it in a few microseconds each way.

The dictionary is used as raw content (no trained entropy tables), so any JSON compresses
correctly with it; a value unlike the samples merely compresses less. Values below
`PACK_MIN_BYTES` are kept as they are.

Not in upstream: etcd's bbolt file holds values as they are (an API server may compress its
watch cache). Regenerate the samples with `python -m k8slab.storage.packing_samples`.
"""

from __future__ import annotations

import threading

import zstandard

from .packing_samples import SAMPLES

PACK_MIN_BYTES = 256

_DICT = zstandard.ZstdCompressionDict(b"".join(SAMPLES), dict_type=zstandard.DICT_TYPE_RAWCONTENT)
_local = threading.local()          # zstd contexts may not be shared between threads


def _contexts():
    c = _local.__dict__.get("c")
    if c is None:
        c = _local.c = (zstandard.ZstdCompressor(level=1, dict_data=_DICT, write_checksum=False,
                                                 write_content_size=True, write_dict_id=False),
                        zstandard.ZstdDecompressor(dict_data=_DICT))
    return c


def pack(value: bytes) -> bytes:
    # copied to an exactly sized bytes object: zstd's result keeps its whole output buffer
    # (compressBound of the input, some 5 KB for a pod that packs to 400 bytes)
    return memoryview(_contexts()[0].compress(value)).tobytes()


def unpack(packed: bytes) -> bytes:
    return _contexts()[1].decompress(packed)
