"""Server Tables printed as kubectl prints them."""

import io

from k8slab.kubectl.printers.table import PrintOptions, TablePrinter, format_cell, format_labels
from k8slab.kubectl.printers.tabwriter import TabWriter

TABLE = {"kind": "Table", "columnDefinitions": [
    {"name": "Name", "type": "string", "format": "name", "priority": 0},
    {"name": "Ready", "type": "string", "format": "", "priority": 0},
    {"name": "IP", "type": "string", "format": "", "priority": 1},
    {"name": "Nominated Node", "type": "string", "format": "", "priority": 1}],
    "rows": [{"cells": ["web-1", "1/1", "10.0.0.5", "<none>"],
              "object": {"metadata": {"name": "web-1", "namespace": "work", "labels": {"b": "2", "a": "1"}}}}]}


def show(options, table=TABLE, event=""):
    out = io.StringIO()
    w = TabWriter(out)
    TablePrinter(options).print_table(table, w, event)
    w.flush()
    return out.getvalue()


def test_priority_columns_only_wide_and_headers_upper_case_with_spaces():
    assert show(PrintOptions()) == "NAME    READY\nweb-1   1/1\n"
    assert show(PrintOptions(wide=True)).splitlines()[0] == "NAME    READY   IP         NOMINATED NODE"


def test_namespace_kind_labels_and_event_columns():
    text = show(PrintOptions(with_namespace=True, with_kind=True, kind="pod", show_labels=True,
                             column_labels=["a", "x/b"]), event="MODIFIED")
    assert text.splitlines() == ["EVENT      NAMESPACE   NAME        READY   A     B     LABELS",
                                 "MODIFIED   work        pod/web-1   1/1     1           a=1,b=2"]


def test_no_rows_no_header_and_cells_as_go_prints_them():
    assert show(PrintOptions(), {**TABLE, "rows": []}) == ""
    assert [format_cell(v) for v in (None, True, 3, 2.5, 1e21, ["a", 1], "x\ny", "\x1b[1m")] == \
        ["", "true", "3", "2.5", "1e+21", "[a 1]", "x...", "^[[1m"]
    assert format_labels({}) == "<none>"
