"""The plug-point diagram of chapter 1: what is plugged in, what is greyed."""

from k8slab.viz.plugpoints import PLUGS, plug_points


def test_plug_points_grey_what_is_missing():
    d = plug_points()
    assert "CSI -> storage driver (not implemented yet): not implemented yet" in d.text()
    assert d.styles["storage"]["style"] == "rounded,dashed" and "dashed" in d.graph.source
    assert [v[3] for v in PLUGS.values()] == ["implemented", "partly", "not implemented yet"]
