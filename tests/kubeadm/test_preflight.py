"""Pre-flight checks against simulated hosts, reported as kubeadm reports them."""

from k8slab.kubeadm.preflight import Host, run_checks


def test_a_healthy_host_passes():
    r = run_checks(Host())
    assert (r.warnings, r.errors) == ([], [])


def test_v1_11_refuses_swap_and_prints_the_booklets_lines():
    r = run_checks(Host(swap=True), profile="book")
    assert r.errors == [("Swap", "running with swap on is not supported. Please disable swap")]
    assert r.fatal(book=True) == (
        "[preflight] Some fatal errors occurred:\n"
        "\t[ERROR Swap]: running with swap on is not supported. Please disable swap\n"
        "[preflight] If you know what you are doing, you can make a check non-fatal with "
        "`--ignore-preflight-errors=...`")


def test_current_kubeadm_only_warns_about_swap():
    r = run_checks(Host(swap=True))
    assert r.errors == []
    assert r.lines() == ["\t[WARNING Swap]: swap is supported for cgroup v2 only. The kubelet must be properly "
                         "configured to use swap. Please refer to https://kubernetes.io/docs/concepts/architecture/"
                         "nodes/#swap-memory, or disable swap on the node"]


def test_ports_cpus_memory_and_ignoring():
    host = Host(cpus=1, memory_mb=1024, ports_in_use={6443, 10259})
    r = run_checks(host)
    assert r.errors == [("NumCPU", "the number of available CPUs 1 is less than the required 2"),
                        ("Mem", "the system RAM (1024 MB) is less than the minimum 1700 MB"),
                        ("Port-6443", "Port 6443 is in use"), ("Port-10259", "Port 10259 is in use")]
    assert r.fatal().startswith("error execution phase preflight: [preflight] Some fatal errors occurred:\n"
                                "\t[ERROR NumCPU]: the number of available CPUs 1 is less than the required 2\n")
    assert r.fatal().endswith("To see the stack trace of this error execute with --v=5 or higher")
    r = run_checks(host, ignore=["NumCPU", "port-6443"])
    assert [n for n, _ in r.errors] == ["Mem", "Port-10259"]
    assert [n for n, _ in r.warnings] == ["NumCPU", "Port-6443"]
    assert run_checks(host, ignore=["all"]).errors == []
    book = run_checks(Host(ports_in_use={10251, 10252}), profile="book")
    assert [n for n, _ in book.errors] == ["Port-10251", "Port-10252"]


def test_join_checks_the_kubelet_port_and_files(tmp_path):
    (tmp_path / "kubelet.conf").write_text("x")
    r = run_checks(Host(cpus=1, ports_in_use={10250}), role="node", files=[str(tmp_path / "kubelet.conf")])
    path = str(tmp_path / "kubelet.conf")
    assert r.errors == [("Port-10250", "Port 10250 is in use"),
                        ("FileAvailable-" + path.replace("/", "-"), f"{path} already exists")]


def test_the_local_host_probes_real_ports():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        host = Host.local_host()
        assert host.port_in_use(port)
        assert run_checks(host, ports=[port]).errors == [(f"Port-{port}", f"Port {port} is in use")]
    assert host.cpus >= 1 and host.memory_mb > 0
