"""resource.Quantity parsing and canonical printing (quantity.go's CanonicalizeBytes)."""

import pytest

from k8slab.api.validation.quantity import QuantityError, canonical, parse_quantity


@pytest.mark.parametrize("given,want", [
    ("0.5", "500m"), ("500m", "500m"), ("2000m", "2"), ("1000", "1k"), ("1500", "1500"), ("1e3", "1e3"),
    ("1024Mi", "1Gi"), ("1536Mi", "1536Mi"), ("500M", "500M"), ("100Ki", "100Ki"), ("0.1Gi", "107374182400m"),
    ("128974848", "128974848"), ("129e6", "129e6"), (1, "1"), (0.25, "250m"), ("0.0001", "1m"), ("0", "0"),
    ("3997188Ki", "3997188Ki"), ("-1", "-1"), ("1.5Gi", "1536Mi"), ("512", "512")])
def test_canonical(given, want):
    assert canonical(given) == want


@pytest.mark.parametrize("bad", ["1 core", "", "abc", "1Gb", "1..5", "--1", None, True])
def test_bad_quantities(bad):
    with pytest.raises(QuantityError):
        parse_quantity(bad)


def test_compare():
    assert parse_quantity("1Gi") > parse_quantity("1000Mi")
    assert parse_quantity("1") == parse_quantity("1000m")
    assert parse_quantity("0.5").milli_value() == 500
