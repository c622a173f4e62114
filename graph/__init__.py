"""Graph: mentions merged into entities, one networkx MultiDiGraph.

Imports only networkx and zhkg.extract (never rdflib, pyvis, typer or rich).
"""
