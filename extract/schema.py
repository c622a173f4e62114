"""The schema's identifiers, each written once (see ONTOLOGY.md).

Every other module refers to entity types and relations through these enums;
the RDF vocabulary (``zhkg.exports.vocab``) is checked against them by a test.
"""
from __future__ import annotations

from enum import StrEnum

__all__ = ["EntityType", "Relation", "ORGANIZATION_TYPES", "PLACE_TYPES", "NAMED_TYPES"]


class EntityType(StrEnum):
    """Node types of the graph."""

    Company = "Company"
    GovernmentBody = "GovernmentBody"
    Institution = "Institution"
    AdminRegion = "AdminRegion"
    Park = "Park"
    Project = "Project"
    Partnership = "Partnership"
    Person = "Person"


class Relation(StrEnum):
    """Directed edge labels (subject -> object)."""

    locatedIn = "locatedIn"
    partOf = "partOf"
    settledIn = "settledIn"
    develops = "develops"
    participant = "participant"
    produces = "produces"
    partnerOf = "partnerOf"
    serves = "serves"
    subOrganizationOf = "subOrganizationOf"
    affiliatedWith = "affiliatedWith"


ORGANIZATION_TYPES = frozenset({EntityType.Company, EntityType.GovernmentBody, EntityType.Institution})
PLACE_TYPES = frozenset({EntityType.AdminRegion, EntityType.Park})
#: Types whose nodes come from a name in the text (all but Partnership).
NAMED_TYPES = frozenset(EntityType) - {EntityType.Partnership}
