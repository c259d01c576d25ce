"""Go's tabwriter as kubectl sets it up: minimum width 6, padding 3, last cell unpadded."""

import io

from k8slab.kubectl.printers.tabwriter import TabWriter


def fmt(text, **kw):
    out = io.StringIO()
    w = TabWriter(out, **kw)
    w.write(text)
    w.flush()
    return out.getvalue()


def test_columns_padded_by_three_with_minimum_six():
    assert fmt("NAME\tDATA\tAGE\ntw\t1\t5s\n") == "NAME   DATA   AGE\ntw     1      5s\n"
    assert fmt("K\tN\nb\ttw\n") == "K     N\nb     tw\n"


def test_a_line_without_the_column_ends_the_block():
    assert fmt("a\tb\n\nlonger-name\tc\n") == "a     b\n\nlonger-name   c\n"


def test_remembered_widths_never_shrink():
    out = io.StringIO()
    w = TabWriter(out)
    w.write("long-name\tx\n")
    w.flush()
    w.write("a\ty\n")
    w.flush()
    assert out.getvalue() == "long-name   x\na           y\n"
