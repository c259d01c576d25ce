from k8slab.quota import resources as R


def test_a_sum_keeps_the_format_of_its_left_side_unless_that_is_zero():
    zero, gi, mi = R.parse_list({"m": "0", "g": "1Gi", "h": "512Mi"}).values()
    assert str(R.add_quantity(zero, gi)) == "1Gi"
    assert str(R.add_quantity(gi, mi)) == "1536Mi"
    assert str(R.add_quantity(*R.parse_list({"a": "100m", "b": "200m"}).values())) == "300m"


def test_pretty_print_and_masks():
    used = R.parse_list({"pods": "2", "requests.cpu": "500m", "limits.memory": "1Gi"})
    assert R.pretty_print(used) == "limits.memory=1Gi,pods=2,requests.cpu=500m"
    assert R.mask(used, ["pods"]) == {"pods": used["pods"]}
    ok, exceeded = R.less_than_or_equal(used, R.parse_list({"pods": "1", "requests.cpu": "1"}))
    assert not ok and exceeded == ["pods"]
    assert R.to_wire(R.subtract_non_negative(used, R.parse_list({"pods": "3"}))) == {
        "limits.memory": "1Gi", "pods": "0", "requests.cpu": "500m"}
