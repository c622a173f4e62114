"""Package hygiene: nothing happens at import, the vocabulary matches the schema,
docstring examples run."""
from __future__ import annotations

import doctest
import importlib
import pkgutil
import subprocess
import sys

import pytest
from rdflib import OWL, RDF, Graph

from zhkg.exports.vocab import TERMS, ZHKG, ontology_path
from zhkg.extract.schema import EntityType, Relation

PACKAGES = ("zhkg", "zhkg.extract", "zhkg.graph", "zhkg.exports")


def _modules():
    names = []
    for pkg in PACKAGES:
        mod = importlib.import_module(pkg)
        names.append(pkg)
        for info in pkgutil.iter_modules(mod.__path__):
            names.append(f"{pkg}.{info.name}")
    return sorted(set(names))


def test_importing_everything_loads_no_dictionary():
    code = (
        "import importlib, sys\n"
        f"for m in {_modules()!r}: importlib.import_module(m)\n"
        "import jieba\n"
        "assert not jieba.dt.initialized, 'jieba dictionary loaded at import'\n"
        "from zhkg.extract.gazetteer import load_gazetteer\n"
        "assert load_gazetteer.cache_info().currsize == 0, 'gazetteer loaded at import'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_nothing_named_graph_or_extract_is_installed_top_level():
    for name in ("graph", "extract", "exports"):
        spec = importlib.util.find_spec(name)
        assert spec is None or "site-packages" not in str(spec.origin or ""), name


def test_vocabulary_matches_schema_and_ontology_file():
    onto = Graph().parse(ontology_path())
    declared = {str(s).split("#")[1] for s in onto.subjects(RDF.type, None) if str(s).startswith(str(ZHKG._NS))}
    assert declared == set(TERMS)
    classes = {str(s).split("#")[1] for s in onto.subjects(RDF.type, OWL.Class)}
    assert {t.value for t in EntityType} <= classes
    props = {str(s).split("#")[1] for s in onto.subjects(RDF.type, OWL.ObjectProperty)}
    assert {r.value for r in Relation} <= props
    with pytest.raises(AttributeError):
        ZHKG.locatedin  # noqa: B018 - a misspelt term fails where it is used


def test_ontology_has_chinese_and_english_labels():
    from rdflib import RDFS

    onto = Graph().parse(ontology_path())
    for term in TERMS:
        langs = {lit.language for lit in onto.objects(ZHKG[term], RDFS.label)}
        assert {"zh", "en"} <= langs, term


@pytest.mark.parametrize("name", [m for m in _modules() if not m.endswith("cli")])
def test_docstring_examples(name):
    mod = importlib.import_module(name)
    failures, _ = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert failures == 0
