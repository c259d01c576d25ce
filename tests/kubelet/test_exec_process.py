"""Exec'd processes of the simulated runtime: stdin, a terminal, ^C, exit codes, on the virtual clock."""

import pytest

from k8slab.kubelet import cri
from k8slab.kubelet.runtimes.process import Terminal

from .builders import cluster, make_pod


@pytest.fixture(scope="module")
def c():
    c = cluster()
    make_pod("bb", "busybox:1.36").sh("echo hello > /tmp/greeting; sleep 3600").create(c)
    make_pod("web", "nginx:1.27").create(c)
    c.advance(5)
    return c


def container_id(c, pod):
    k = c.kubelet("node1")
    uid = next(w.uid for w in k.pod_workers.workers.values() if w.pod["metadata"]["name"] == pod)
    return k.pod_workers.latest_container(uid, pod).id


def run(c, pod, argv, keys=(), tty=False, stdin=False, close=False):
    """Start a process, type `keys` one write at a time; (output text, exit code or None)."""
    out, code = [], []
    p = c.kubelet("node1").runtime.exec(container_id(c, pod), argv, tty=tty, stdin=stdin)
    p.connect(lambda stream, data: out.append((stream, data)), code.append)
    p.start()
    for k in keys:
        p.write_stdin(k)
    if close:
        p.close_stdin()
    return out, (code[0] if code else None), p


def text(out, stream=None):
    return b"".join(d for s, d in out if stream in (None, s)).decode()


def test_interactive_busybox_shell_on_a_terminal(c):
    out, code, _ = run(c, "bb", ["sh"], [b"echo hi $HOSTNAME\r", b"cd /tmp\r", b"ls\r", b"exit 3\r"],
                       tty=True, stdin=True)
    assert text(out) == ("/ # echo hi $HOSTNAME\r\nhi bb\r\n/ # cd /tmp\r\n/tmp # ls\r\ngreeting\r\n"
                         "/tmp # exit 3\r\n")
    assert code == 3
    assert {s for s, _ in out} == {"stdout"}                    # a terminal carries stderr too


def test_bash_and_dash_prompts_and_exit_echo(c):
    out, code, _ = run(c, "web", ["bash"], [b"cd /root\r", b"\x04"], tty=True, stdin=True)
    assert text(out) == "root@web:/# cd /root\r\nroot@web:~# exit\r\n" and code == 0
    out, code, _ = run(c, "web", ["sh"], [b"nope\r", b"exit\r"], tty=True, stdin=True)
    assert text(out).startswith("# nope\r\n") and code == 127


def test_ctrl_c_interrupts_the_running_command_and_the_shell_prompts_again(c):
    out, code, p = run(c, "bb", ["sh"], [b"sleep 30\r", b"\x03"], tty=True, stdin=True)
    assert text(out).endswith("/ # sleep 30\r\n^C\r\n/ # ") and code is None
    p.write_stdin(b"echo $?\r")
    assert text(out).endswith("echo $?\r\n130\r\n/ # ")
    p.kill()
    assert p.exit_code == 137
    _, code, _ = run(c, "bb", ["sleep", "30"], [b"\x03"], tty=True, stdin=True)
    assert code == 130


def test_line_editing_keys():
    t = Terminal()
    assert t.type(b"lx\x7fs\r") == [("echo", "l"), ("echo", "x"), ("echo", "\b \b"), ("echo", "s"),
                                    ("echo", "\r\n"), ("line", "ls\n")]
    assert t.type(b"\x1b[Aab\x15\x04") == [("echo", "a"), ("echo", "b"), ("echo", "\b \b\b \b"), ("eof", "")]
    assert t.type("é".encode()[:1]) == [] and t.type("é".encode()[1:]) == [("echo", "é")]


def test_stdin_without_a_terminal(c):
    out, code, _ = run(c, "bb", ["cat"], [b"one\n", b"two\n"], stdin=True)
    assert out == [] and code is None                           # cat reads until the input ends
    out, code, _ = run(c, "bb", ["cat"], [b"one\n", b"two\n"], stdin=True, close=True)
    assert text(out) == "one\ntwo\n" and code == 0
    out, code, _ = run(c, "bb", ["sh"], [b"echo a; nope\n", b"grep -q x /nope; echo $?\n"], stdin=True,
                       close=True)
    assert text(out, "stdout") == "a\n1\n" and text(out, "stderr") == "sh: nope: not found\n" and code == 0
    out, code, _ = run(c, "bb", ["wc", "-l"], [b"1\n2\n3\n"], stdin=True, close=True)
    assert text(out) == "3\n"


def test_sleep_in_an_exec_takes_clock_time(c):
    out, code, _ = run(c, "bb", ["sh", "-c", "echo a; sleep 2; echo b; exit 4"])
    assert text(out) == "a\n" and code is None
    c.advance(2)
    assert text(out) == "a\nb\n"
    c.advance(0)


def test_exec_errors_are_containerds(c):
    rt = c.kubelet("node1").runtime
    with pytest.raises(cri.CRIError) as e:
        rt.exec(container_id(c, "bb"), ["ps"])
    assert e.value.desc.startswith('failed to exec in container: failed to start exec "')
    assert e.value.desc.endswith('": OCI runtime exec failed: exec failed: unable to start container process: '
                                 'exec: "ps": executable file not found in $PATH: unknown')
    with pytest.raises(cri.CRIError) as e:
        rt.exec(container_id(c, "bb"), ["/bin/bash"])
    assert 'exec: "/bin/bash": stat /bin/bash: no such file or directory: unknown' in e.value.desc


def test_attach_sees_output_from_now_on_and_the_exit(c):
    make_pod("counter", "busybox:1.36").sh("echo start; sleep 1; echo one; sleep 1; echo two; exit 2").create(c)
    c.advance(0.5)
    att = c.kubelet("node1").runtime.attach(container_id(c, "counter"))
    out, code = [], []
    att.connect(lambda s, d: out.append(d), code.append)
    c.advance(2)
    assert b"".join(out) == b"one\ntwo\n" and code == [2]


def test_a_container_with_stdin_reads_what_attach_sends(c):
    pod = make_pod("shell", "busybox:1.36").cmd("sh")
    pod.c.update(stdin=True, stdinOnce=True, tty=True)
    pod.create(c)
    c.advance(1)
    k = c.kubelet("node1")
    cid = container_id(c, "shell")
    att = k.runtime.attach(cid)
    out, code = [], []
    att.connect(lambda s, d: out.append(d), code.append)
    att.write_stdin(b"\r")
    att.write_stdin(b"echo hi\r")
    assert b"".join(out) == b"\r\n/ # echo hi\r\nhi\r\n/ # "
    assert k.logs("default", "shell", "shell").startswith("/ # \r\n/ # echo hi\r\nhi\r\n")   # a tty's log
    att.kill()                                                  # stdinOnce: detaching closes stdin
    status = k.runtime.container_status(cid)
    assert (status.state, status.exit_code, status.reason) == (cri.CONTAINER_EXITED, 0, "Completed")
    assert code == []                                           # detached before it exited


def test_an_exec_dies_with_its_container(c):
    make_pod("short", "busybox:1.36").cmd("sleep", "2").never().create(c)
    c.advance(1)
    out, code, p = run(c, "short", ["sleep", "60"])
    assert code is None
    c.advance(2)
    assert p.exit_code == 137
