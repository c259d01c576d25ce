"""--token-auth-file: static bearer tokens from a CSV file."""

import pytest

from k8slab.apiserver.authn.tokenfile import TokenFileAuthenticator, TokenFileError

from .helpers import bearer, cluster, whoami

CSV = '''31ada4fd-adec-460c-809a-9e56ceb75269,alice,1001,"dev,ops"
,nobody,9,
0b0b0b,bob,1002
0b0b0b,carol,1003,admins
'''


def test_records_token_user_uid_groups(tmp_path):
    f = tmp_path / "tokens.csv"
    f.write_text(CSV)
    c = cluster(token_file=str(f))
    status, user = whoami(c, **bearer("31ada4fd-adec-460c-809a-9e56ceb75269"))
    assert (status, user) == (201, {"username": "alice", "uid": "1001",
                                    "groups": ["dev", "ops", "system:authenticated"]})
    # a later record with the same token replaces the earlier one
    assert whoami(c, **bearer("0b0b0b"))[1] == {"username": "carol", "uid": "1003",
                                                 "groups": ["admins", "system:authenticated"]}


def test_an_unknown_token_is_401_invalid_bearer_token(tmp_path):
    f = tmp_path / "tokens.csv"
    f.write_text(CSV)
    c = cluster(token_file=str(f))
    status, body = whoami(c, **bearer("nope"))
    assert status == 401 and body["message"] == "Unauthorized"
    assert c.api.authenticator.last_error == "invalid bearer token"


def test_a_record_with_too_few_columns_is_upstreams_error():
    with pytest.raises(TokenFileError) as e:
        TokenFileAuthenticator.from_text("tok,user\n", "/etc/tokens.csv")
    assert str(e.value) == ("token file '/etc/tokens.csv' must have at least 3 columns (token, user name, "
                            "user uid), found 2")


def test_the_scheme_must_be_bearer():
    a = TokenFileAuthenticator.from_text("t1,u,1\n")
    assert a.authenticate_token("t1")["username"] == "u"
    c = cluster()
    c.api.authenticator.token_authenticators.insert(0, a)
    assert whoami(c, headers={"Authorization": "Basic dTpw"})[1]["username"] == "system:anonymous"
    assert whoami(c, headers={"authorization": "bearer t1"})[1]["username"] == "u"
