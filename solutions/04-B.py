"""solution 04-B: kubectl's version skew

Write skew_supported(client_version, server_version): kubectl supports servers one minor
version older or newer than itself, of the same major version.

The reference answer; `check("04-B", "solutions/04-B.py")` passes on it.

Generated from k8slab/exercises/defs/ by `python -m k8slab.exercises.generate`; edit it there.
"""


def skew_supported(client_version: str, server_version: str) -> bool:
    """Does kubectl support this server? Versions look like "v1.11.3", "1.12", "v1.32.0-k8slab".

    kubectl supports a server whose minor version is within one of its own (1.11 talks to 1.10,
    1.11 and 1.12) and of the same major version.
    """
    def major_minor(version):
        core = version.lstrip("v").split("-")[0].split("+")[0]
        major, minor = core.split(".")[:2]
        return int(major), int(minor)
    (cmaj, cmin), (smaj, smin) = major_minor(client_version), major_minor(server_version)
    return cmaj == smaj and abs(cmin - smin) <= 1
