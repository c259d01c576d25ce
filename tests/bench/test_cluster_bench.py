"""`k8slab bench cluster`: a small cluster converges and the report and progress lines say so."""

import io
import threading
import time

from k8slab.bench import cluster as bench


def test_a_small_cluster_converges_and_the_report_shows_it():
    progress = bench.Progress(3600, out=io.StringIO())
    r = bench.run(5, 30, per_deployment=10, progress=progress)
    assert (r["ready_nodes"], r["running_pods"], r["deployments"]) == (5, 30, 3)
    assert r["store_revision"] > 30 and r["peak_rss_mb"] > 0
    text = bench.render(r)
    assert "30 Running" in text and "5 Ready" in text
    line = progress.line()
    assert " pods 30 running 30 " in line and "revision" in line and "MB peak" in line


def test_progress_lines_are_written_while_it_runs(capsys):
    assert bench.main(["--nodes", "3", "--pods", "12", "--progress", "0.01"]) == 0
    out, err = capsys.readouterr()
    assert "12 Running" in out
    assert "] pods " in err


def test_no_progress_line_is_written_after_stop(monkeypatch):
    out = io.StringIO()
    progress = bench.Progress(0.001, out=out)
    started = threading.Event()

    def slow_line():
        started.set()
        time.sleep(0.05)                          # stop() arrives while a line is being made
        return "line"
    monkeypatch.setattr(progress, "line", slow_line)
    progress.start()
    assert started.wait(5)
    progress.stop()
    written = out.getvalue()
    time.sleep(0.1)
    assert out.getvalue() == written and written.count("line\n") >= 1
