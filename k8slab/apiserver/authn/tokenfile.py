"""Static bearer tokens from `--token-auth-file`: a CSV file `token,user,uid,"group1,group2"`.

Follows `staging/src/k8s.io/apiserver/pkg/authentication/token/tokenfile/tokenfile.go`
(NewCSV: at least three columns or `token file '<path>' must have at least 3 columns (token,
user name, user uid), found <n>`; a record with an empty token is skipped; the fourth column
split on commas; a later duplicate token replaces the earlier one; AuthenticateToken: an
unknown token -> no opinion).

Differences from upstream: the file is read once, when the server starts (as upstream).
"""

from __future__ import annotations

import csv

from .user import user_info


class TokenFileError(ValueError):
    pass


class TokenFileAuthenticator:
    name = "tokenfile"  # upstream's package name, for the Authentication record

    def __init__(self, tokens: dict[str, dict]):
        self.tokens = tokens

    @classmethod
    def from_file(cls, path: str) -> "TokenFileAuthenticator":
        with open(path, newline="") as f:
            return cls.from_text(f.read(), path)

    @classmethod
    def from_text(cls, text: str, path: str = "") -> "TokenFileAuthenticator":
        tokens: dict[str, dict] = {}
        for record in csv.reader(text.splitlines()):
            if not record:
                continue
            if len(record) < 3:
                raise TokenFileError(f"token file '{path}' must have at least 3 columns (token, user name, "
                                     f"user uid), found {len(record)}")
            token = record[0].strip()
            if not token:
                continue
            groups = [g.strip() for g in record[3].split(",")] if len(record) >= 4 and record[3] else []
            tokens[token] = user_info(record[1], groups, uid=record[2])
        return cls(tokens)

    def authenticate_token(self, token: str) -> dict | None:
        return self.tokens.get(token)
