"""host_info: the facts of a machine as a kubelet reads them, and the Node made from them."""

import pytest

from k8slab.kubelet.host_info import (HostFacts, count_cpus, ki, node_from_host, node_hostname,
                                      parse_meminfo, parse_os_release, read_host)

OS_RELEASE = '''PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
# a comment
ID=debian
HOME_URL='https://www.debian.org/'
'''
MEMINFO = "MemTotal:       16384256 kB\nMemFree:         1234 kB\nHugePages_Total:       0\n"
CPUINFO = "processor\t: 0\nmodel name\t: X\n\nprocessor\t: 1\nmodel name\t: X\n\nprocessor\t: 2\n"


def test_parsers():
    assert parse_os_release(OS_RELEASE) == {"PRETTY_NAME": "Debian GNU/Linux 12 (bookworm)",
                                            "NAME": "Debian GNU/Linux", "VERSION_ID": "12", "ID": "debian",
                                            "HOME_URL": "https://www.debian.org/"}
    assert parse_meminfo(MEMINFO) == {"MemTotal": 16384256 * 1024, "MemFree": 1234 * 1024, "HugePages_Total": 0}
    assert count_cpus(CPUINFO) == 3
    assert ki(16384256 * 1024) == "16384256Ki" and ki(0) == "0"


def test_hostname_override_is_trimmed_and_lowercased():
    assert node_hostname("Build-Box") == "build-box"
    assert node_hostname("build-box", " Web-01 ") == "web-01"
    with pytest.raises(ValueError, match="empty hostname is invalid"):
        node_hostname("  ")


def test_read_host_under_a_root(tmp_path):
    (tmp_path / "etc").mkdir()
    (tmp_path / "proc").mkdir()
    (tmp_path / "etc/os-release").write_text(OS_RELEASE)
    (tmp_path / "etc/machine-id").write_text("0123456789abcdef\n")
    (tmp_path / "proc/meminfo").write_text(MEMINFO)
    (tmp_path / "proc/cpuinfo").write_text(CPUINFO)
    facts = read_host(str(tmp_path))
    assert (facts.os_image, facts.cpus, facts.memory_bytes, facts.machine_id) == \
        ("Debian GNU/Linux 12 (bookworm)", 3, 16384256 * 1024, "0123456789abcdef")
    assert facts.hostname and facts.internal_ip.count(".") == 3 and facts.disk_bytes > 0


def test_node_from_host():
    facts = HostFacts(hostname="XiaoZhang-Server", os_image="Ubuntu 18.04.1 LTS", kernel_version="4.15.0-29-generic",
                      architecture="amd64", cpus=4, memory_bytes=3997188 * 1024, disk_bytes=96605932 * 1024,
                      machine_id="abc", internal_ip="192.168.1.10")
    node = node_from_host(facts)
    assert node["metadata"]["name"] == "xiaozhang-server"
    assert node["metadata"]["labels"]["kubernetes.io/hostname"] == "xiaozhang-server"
    st = node["status"]
    assert st["addresses"] == [{"address": "192.168.1.10", "type": "InternalIP"},
                               {"address": "xiaozhang-server", "type": "Hostname"}]
    assert st["capacity"] == {"cpu": "4", "ephemeral-storage": "96605932Ki", "memory": "3997188Ki", "pods": "110"}
    # the default hard eviction thresholds, as the booklet's node01 shows them
    assert st["allocatable"]["memory"] == "3894788Ki"
    assert st["allocatable"]["ephemeral-storage"] == "89032026784"
    assert st["nodeInfo"]["osImage"] == "Ubuntu 18.04.1 LTS" and st["nodeInfo"]["architecture"] == "amd64"
    assert node_from_host(facts, hostname_override="web-01")["metadata"]["name"] == "web-01"


def test_the_node_is_accepted_by_the_api_server():
    from k8slab import Cluster
    c = Cluster(nodes=0, seed=0)
    facts = read_host()
    created = c.client.create(node_from_host(facts, hostname_override="lab-host"))
    assert created["metadata"]["name"] == "lab-host"
    assert c.kubectl("get node lab-host --no-headers").split()[0] == "lab-host"
