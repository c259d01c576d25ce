"""YAML as sigs.k8s.io/yaml (go-yaml v2) writes it: quoting, key order, blocks, folding."""

from k8slab.kubectl.printers.yaml import dumps, key_less, resolves_to_str, sorted_keys


def test_strings_that_would_read_back_as_something_else_are_double_quoted():
    for s in ["true", "yes", "on", "N", "null", "~", "", "123", "0x1F", "1.5", "1e3", ".5",
              "2024-01-01", "2024-01-01T00:00:00Z", "1:20"]:
        assert not resolves_to_str(s), s
        assert dumps({"k": s}) == f'k: "{s}"\n'


def test_plain_and_single_quoted_strings():
    assert dumps({"k": "1.2.3"}) == "k: 1.2.3\n"
    assert dumps({"k": "10.0.0.1"}) == "k: 10.0.0.1\n"
    assert dumps({"k": "0b9475b1-3801"}) == "k: 0b9475b1-3801\n"       # a uid, not a binary number
    assert dumps({"k": "0b101"}) == 'k: "0b101"\n'
    assert dumps({"k": "1_000"}) == 'k: "1_000"\n'
    assert dumps({"k": "*"}) == "k: '*'\n"
    assert dumps({"k": "a: b"}) == "k: 'a: b'\n"
    assert dumps({"k": "#x"}) == "k: '#x'\n"


def test_multiline_strings_are_literal_blocks():
    assert dumps({"s": "a\nb\n"}) == "s: |\n  a\n  b\n"
    assert dumps({"s": "a\nb"}) == "s: |-\n  a\n  b\n"


def test_keys_sort_naturally_with_non_letters_first():
    assert sorted_keys(["key10", "key9", "b", "A", "_x"]) == ["_x", "A", "b", "key9", "key10"]
    assert key_less("a-b", "ab") and not key_less("ab", "a-b")
    assert dumps({"n": 1, "y": 2}) == '"n": 1\n"y": 2\n'


def test_sequences_in_maps_are_not_indented_and_empty_collections_are_flow():
    assert dumps({"a": [1, {"b": None}], "c": {}, "d": []}) == "a:\n- 1\n- b: null\nc: {}\nd: []\n"


def test_long_strings_fold_at_the_first_space_past_80_columns():
    # the same text kubectl printed for this value in the differential suite (test_differential.py)
    assert dumps({"k": "word " * 30}) == ("k: 'word word word word word word word word word word word word word word word word\n"
                                          "  word word word word word word word word word word word word word word '\n")
