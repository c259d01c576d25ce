"""Parsing the Go-template subset of gotemplate.py into nodes.

Follows Go's `text/template/parse` (lex.go: actions `{{ }}` with `{{-`/`-}}` trimming, string,
raw-string, char and number literals, `|`, `:=`; parse.go: `if`/`else if`/`else`/`end`,
`range`, `with`, variable declarations, parenthesized pipelines and their field chains).

Nodes: ("text", s), ("action", (decl, pipeline)), (keyword, (decl, pipeline), body, else_body).
A pipeline is a list of commands, a command a list of operands: ("lit", v), ("field", ".a.b"),
("func", name), ("pipe", pipeline), ("chain", (operand, ".a.b")).
"""

from __future__ import annotations

import re


class TemplateError(Exception):
    pass


# ---- lexing and parsing ------------------------------------------------------------------------


def _split(template: str) -> list:
    """Text and action pieces, with trim markers applied."""
    pieces = []
    pos = 0
    while True:
        start = template.find("{{", pos)
        if start < 0:
            pieces.append(("text", template[pos:]))
            break
        end = template.find("}}", start)
        if end < 0:
            raise TemplateError("unclosed action")
        text = template[pos:start]
        inner = template[start + 2:end]
        if inner.startswith("- "):
            text = text.rstrip()
            inner = inner[2:]
        if inner.endswith(" -"):
            inner = inner[:-2]
            pos = end + 2
            while pos < len(template) and template[pos] in " \t\r\n":
                pos += 1
        else:
            pos = end + 2
        pieces.append(("text", text))
        pieces.append(("action", inner.strip()))
    return [p for p in pieces if p != ("text", "")]


_TOKEN = re.compile(r'''\s*(?:("(?:[^"\\]|\\.)*")|(`[^`]*`)|('(?:[^'\\]|\\.)')|(\(|\)|\|)|(:=|=(?!=))|([^\s()|]+))''')


def _tokens(text: str) -> list[str]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise TemplateError(f"bad syntax in {text!r}")
        out.append(next(g for g in m.groups() if g is not None))
        pos = m.end()
        if out[-1] == ")" and pos < len(text) and text[pos] == ".":      # (pipeline).field.chain
            chain = re.match(r"[.\w]+", text[pos:]).group(0)
            out.append("chain:" + chain)
            pos += len(chain)
    return out


def parse(template: str) -> list:
    pieces = _split(template)
    nodes, i = _parse_list(pieces, 0, top=True)
    return nodes


def _parse_list(pieces, i, top=False, stop=("end",)):
    nodes = []
    while i < len(pieces):
        kind, value = pieces[i]
        if kind == "text":
            nodes.append(("text", value))
            i += 1
            continue
        if value.startswith("/*"):
            i += 1
            continue
        word = value.split(None, 1)[0] if value else ""
        if word in ("end", "else"):
            if top:
                raise TemplateError(f"unexpected {{{{{word}}}}}")
            return nodes, i
        if word in ("if", "range", "with"):
            rest = value[len(word):].strip()
            body, i = _parse_list(pieces, i + 1)
            else_body = None
            if i >= len(pieces):
                raise TemplateError("unexpected EOF")
            kind2, value2 = pieces[i]
            if value2.startswith("else"):
                tail = value2[4:].strip()
                if tail.startswith("if ") or tail.startswith("with "):
                    # `else if`: a nested if in the else branch sharing this end
                    nested_word = tail.split(None, 1)[0]
                    pieces = pieces[:i] + [("action", tail)] + pieces[i + 1:]
                    nested, i = _parse_block(pieces, i, nested_word)
                    else_body = [nested]
                    nodes.append((word, _parse_pipeline_decl(rest, word), body, else_body))
                    continue
                else_body, i = _parse_list(pieces, i + 1)
            i += 1                                         # the end
            nodes.append((word, _parse_pipeline_decl(rest, word), body, else_body))
            continue
        nodes.append(("action", _parse_pipeline_decl(value, "")))
        i += 1
    if not top:
        raise TemplateError("unexpected EOF")
    return nodes, i


def _parse_block(pieces, i, word):
    """A nested `if`/`with` starting at pieces[i] (from `else if`), ending at the shared end."""
    value = pieces[i][1]
    rest = value[len(word):].strip()
    body, i = _parse_list(pieces, i + 1)
    else_body = None
    value2 = pieces[i][1]
    if value2.startswith("else"):
        tail = value2[4:].strip()
        if tail.startswith("if ") or tail.startswith("with "):
            nested_word = tail.split(None, 1)[0]
            pieces[i] = ("action", tail)
            nested, i = _parse_block(pieces, i, nested_word)
            return (word, _parse_pipeline_decl(rest, word), body, [nested]), i
        else_body, i = _parse_list(pieces, i + 1)
    return (word, _parse_pipeline_decl(rest, word), body, else_body), i + 1


def _parse_pipeline_decl(text: str, word: str):
    toks = _tokens(text)
    decl = []
    if ":=" in toks or (len(toks) > 1 and toks[1] == "="):
        op = ":=" if ":=" in toks else "="
        k = toks.index(op)
        decl = [t.rstrip(",") for t in toks[:k] if t != ","]
        toks = toks[k + 1:]
    return (decl, _parse_pipeline(toks))


def _parse_pipeline(toks: list[str]):
    commands, cur, depth, group = [], [], 0, []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t == "(":
            j, depth = i + 1, 1
            while j < len(toks) and depth:
                depth += {"(": 1, ")": -1}.get(toks[j], 0)
                j += 1
            cur.append(("pipe", _parse_pipeline(toks[i + 1:j - 1])))
            i = j
            if i < len(toks) and toks[i].startswith("chain:"):
                cur[-1] = ("chain", (cur[-1], toks[i][len("chain:"):]))
                i += 1
            continue
        if t == "|":
            commands.append(cur)
            cur = []
        else:
            cur.append(_operand(t))
        i += 1
    commands.append(cur)
    return commands


def _operand(t: str):
    if t.startswith('"'):
        return ("lit", bytes(t[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8"))
    if t.startswith("`"):
        return ("lit", t[1:-1])
    if t.startswith("'"):
        return ("lit", ord(bytes(t[1:-1], "utf-8").decode("unicode_escape")))
    if t in ("true", "false"):
        return ("lit", t == "true")
    if t == "nil":
        return ("lit", None)
    if re.fullmatch(r"[-+]?\d+", t):
        return ("lit", int(t))
    if re.fullmatch(r"[-+]?\d*\.\d+([eE][-+]?\d+)?", t):
        return ("lit", float(t))
    if t.startswith(".") or t.startswith("$"):
        return ("field", t)
    return ("func", t)
