"""Exports: RDF (rdflib), SPARQL (pyoxigraph), HTML (pyvis) and the CLI."""
