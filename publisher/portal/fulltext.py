"""Full-text search of DataStore rows (``q``): one pre-tokenised document per row.

Chinese has no spaces between words, so neither SQLite's ``unicode61`` tokenizer nor
PostgreSQL's parser finds its words. Each row's values are therefore tokenised here, the same
way for the document and for the query:

- a run of Latin letters and digits is one lower-cased token (a whole word, as in CKAN);
- a run of Chinese (or Japanese, Korean) characters becomes its overlapping character pairs
  followed by its last character alone: 汕尾市 → ``汕尾 尾市 市``.

A Chinese query word of two or more characters is the phrase of its pairs (汕尾 → ``汕尾``,
汕尾市 → ``"汕尾 尾市"``), a single character is a prefix (市 → ``市*``). Pairs follow each other
only inside one run of one value (every run ends with a single character), so a phrase matches
exactly where the word is a substring of a value: the same rows as a LIKE scan, from an index.

The document is stored in the row's ``_full_text`` column (PostgreSQL: a ``tsvector`` made by
``to_tsvector('simple', …)``, GIN-indexed, as CKAN's DataStore has it; SQLite: the text, fed to a
contentless FTS5 table ``<table>_fts`` by triggers, so upserts and deletes keep it in step).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from sqlalchemy import Text, TypeDecorator, func, literal_column, select, text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeEngine

# Han (with extensions and compatibility forms), kana, Hangul syllables.
_CJK = ("\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
        "\U00020000-\U0003134f")
_TOKEN = re.compile(f"([{_CJK}]+)|([^\\W_{_CJK}]+)")
DOCUMENT = "_full_text"


def _text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def document(values: Iterable[Any]) -> str:
    """The pre-tokenised document of a row's values: the tokens of each value in turn (a line
    break between values would end every run, so no token spans two values)."""
    parts = []
    for v in values:
        if v is None:
            continue
        found = _tokens(v) if type(v) is str else _tokens(_text_of(v))
        if found:
            parts.append(found)
    return " ".join(parts)


@lru_cache(maxsize=65536)
def _tokens(value: str) -> str:
    """The tokens of one value (cached: a column's values repeat from row to row)."""
    out: list[str] = []
    for cjk, word in _TOKEN.findall(value.lower()):
        if word:
            out.append(word)
        elif len(cjk) == 1:
            out.append(cjk)
        else:
            out += [cjk[i:i + 2] for i in range(len(cjk) - 1)]
            out.append(cjk[-1])
    return " ".join(out)


class Term:
    """One query term: a Latin word (whole token), a Chinese run (phrase of pairs or prefix)."""

    def __init__(self, chars: str, cjk: bool) -> None:
        self.chars, self.cjk = chars, cjk

    @property
    def parts(self) -> list[str]:
        if not self.cjk or len(self.chars) == 1:
            return [self.chars]
        return [self.chars[i:i + 2] for i in range(len(self.chars) - 1)]

    @property
    def prefix(self) -> bool:
        return self.cjk and len(self.chars) == 1


def query_terms(q: str) -> list[Term]:
    """Every term of ``q``; a row matches when it has all of them."""
    return [Term(cjk or word, bool(cjk)) for cjk, word in _TOKEN.findall(q.lower())]


def fts5_query(terms: list[Term]) -> str:
    """An FTS5 MATCH expression (tokens are letters and digits only: nothing to escape)."""
    return " AND ".join('"' + " ".join(t.parts) + '"' + ("*" if t.prefix else "")
                        for t in terms)


def tsquery(terms: list[Term]) -> str:
    """A PostgreSQL ``to_tsquery('simple', …)`` expression of the same terms."""
    out = []
    for t in terms:
        phrase = " <-> ".join(f"'{p}'" for p in t.parts)
        out.append(f"{phrase}:*" if t.prefix else f"({phrase})")
    return " & ".join(out)


class _Document(FunctionElement[str]):
    """A bound document: ``to_tsvector('simple', :doc)`` on PostgreSQL, the text elsewhere."""

    inherit_cache = True
    type = Text()


@compiles(_Document)
def _document_plain(element: _Document, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(list(element.clauses)[0], **kw))


@compiles(_Document, "postgresql")
def _document_pg(element: _Document, compiler: Any, **kw: Any) -> str:
    return f"to_tsvector('simple', {compiler.process(list(element.clauses)[0], **kw)})"


class FullText(TypeDecorator[str]):
    """The ``_full_text`` column: ``tsvector`` on PostgreSQL, text on SQLite."""

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(TSVECTOR())
        return dialect.type_descriptor(Text())

    def bind_expression(self, bindvalue: Any) -> ColumnElement[str]:
        return _Document(bindvalue)


def fts_table(table_name: str) -> str:
    return f"{table_name}_fts"


def _triggers(table_name: str) -> dict[str, str]:
    """Deletes and changed documents reach the FTS table by trigger; new rows do not (see
    ``sqlite_index_new_rows``): FTS5 writes out its pending terms at every statement that runs
    a trigger, which would make a bulk insert ten times slower."""
    fts = f'"{fts_table(table_name)}"'
    doc = DOCUMENT
    return {
        f"{table_name}_fts_ad": f"AFTER DELETE ON \"{table_name}\" BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, doc) VALUES ('delete', old._id, old.{doc}); END",
        f"{table_name}_fts_au": f"AFTER UPDATE OF {doc} ON \"{table_name}\" BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, doc) VALUES ('delete', old._id, old.{doc}); "
        f"INSERT INTO {fts}(rowid, doc) VALUES (new._id, new.{doc}); END",
    }


def create_sqlite_index(conn: Connection, table_name: str, *, fill: bool) -> None:
    """The FTS5 table and the triggers that keep it in step; ``fill`` indexes existing rows.

    The document is tokenised already (tokens and single spaces), so FTS5's ``ascii``
    tokenizer, which splits it on exactly those spaces, indexes the same tokens as
    ``unicode61`` for less work; ``automerge`` 16 merges segments in larger groups. Together
    they take 40% off a bulk load's index work (200,000 rows of the penalty table: 9.2 s of
    CPU down to 5.3 s) and leave look-ups as fast. Tables made before keep ``unicode61``:
    FTS5 reads each query with the table's own tokenizer, so both answer alike.
    """
    fts = fts_table(table_name)
    created = conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = :n"),
                           {"n": fts}).first() is None
    conn.execute(text(f'CREATE VIRTUAL TABLE IF NOT EXISTS "{fts}" USING fts5(doc, '
                      "content='', tokenize='ascii')"))
    if created:
        conn.execute(text(f'INSERT INTO "{fts}"("{fts}", rank) VALUES (\'automerge\', 16)'))
    create_sqlite_triggers(conn, table_name)
    if fill:
        conn.execute(text(f'INSERT INTO "{fts}"(rowid, doc) SELECT _id, {DOCUMENT} '
                          f'FROM "{table_name}"'))


def create_sqlite_triggers(conn: Connection, table_name: str) -> None:
    for name, body in _triggers(table_name).items():
        conn.execute(text(f'CREATE TRIGGER IF NOT EXISTS "{name}" {body}'))


def sqlite_index_new_rows(conn: Connection, table_name: str, after: int,
                          ids: list[int]) -> None:
    """Index the rows inserted since the largest ``_id`` was ``after``, and those of ``ids``
    (new rows given an ``_id`` of their own), in one statement."""
    extra = f" OR _id IN ({', '.join(str(int(i)) for i in ids)})" if ids else ""
    conn.execute(text(f'INSERT INTO "{fts_table(table_name)}"(rowid, doc) SELECT _id, '
                      f'{DOCUMENT} FROM "{table_name}" WHERE _id > :after{extra}'),
                 {"after": after})


def sqlite_count(conn: Connection, table_name: str, terms: list[Term]) -> int:
    """How many rows hold every term, from the FTS table alone (one FTS row per table row)."""
    if not terms:
        return int(conn.execute(text(f'SELECT count(*) FROM "{table_name}"')).scalar_one())
    fts = fts_table(table_name)
    return int(conn.execute(text(f'SELECT count(*) FROM "{fts}" WHERE "{fts}" MATCH :m'),
                            {"m": fts5_query(terms)}).scalar_one())


def drop_sqlite_index(conn: Connection, table_name: str) -> None:
    for name in _triggers(table_name):
        conn.execute(text(f'DROP TRIGGER IF EXISTS "{name}"'))
    conn.execute(text(f'DROP TABLE IF EXISTS "{fts_table(table_name)}"'))


def rename_sqlite_index(conn: Connection, old: str, new: str) -> None:
    """Move the index of table ``old`` to table ``new`` (the table itself already renamed)."""
    for name in _triggers(old):
        conn.execute(text(f'DROP TRIGGER IF EXISTS "{name}"'))
    conn.execute(text(f'ALTER TABLE "{fts_table(old)}" RENAME TO "{fts_table(new)}"'))
    create_sqlite_triggers(conn, new)


def match(dialect: str, table: Any, terms: list[Term]) -> ColumnElement[bool]:
    """The WHERE clause: rows whose document holds every term."""
    clause: ColumnElement[bool]
    if dialect == "postgresql":
        clause = table.c[DOCUMENT].op("@@")(func.to_tsquery(literal_column("'simple'"),
                                                            tsquery(terms)))
        return clause
    fts: ColumnElement[Any] = literal_column(f'"{fts_table(table.name)}"')
    hits: Any = select(literal_column("rowid")).select_from(text(f'"{fts_table(table.name)}"'))
    clause = table.c._id.in_(hits.where(fts.op("MATCH")(fts5_query(terms))))
    return clause
