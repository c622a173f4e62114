"""query_store (the path of `zhkg query`, `zhkg ask` and the SPARQL benchmark) on an open store:
the rows of run_query, values in the order of the variables, errors as QueryError."""
from __future__ import annotations

import pytest

from zhkg.exports.sparql import bundled_queries, open_store, query_store, run_query
from zhkg.extract.errors import QueryError


def test_query_store_gives_the_rows_of_run_query(seed_build):
    out = seed_build[0]
    store = open_store(out)
    for name, q in bundled_queries().items():
        assert query_store(store, q.text) == run_query(out, q.text), name
    assert query_store(store, "ASK { ?x a zhkg:Park }") == (["ask"], [["true"]])
    names, rows = query_store(store, "CONSTRUCT { ?r zhkg:regionCode ?c } WHERE { ?r zhkg:regionCode ?c }")
    assert names == ["subject", "predicate", "object"] and rows
    assert all(p == "https://w3id.org/zhkg/ontology#regionCode" and len(c) == 6 for _, p, c in rows)


def test_values_follow_the_variables_unbound_as_empty(seed_build):
    store = open_store(seed_build[0])
    names, rows = query_store(store, 'SELECT ?c ?b ?a WHERE { VALUES (?a ?c) { (1 "三") (UNDEF "二") } }')
    assert names == ["c", "b", "a"]
    assert sorted(rows) == [["三", "", "1"], ["二", "", ""]]


def test_a_bad_query_is_a_query_error(seed_build):
    store = open_store(seed_build[0])
    with pytest.raises(QueryError, match="<query>"):
        query_store(store, "SELECT ?x WHERE { ?x nope:p ?y }")
