"""The core record: organisations, professionals, usagers, identities, séjours, documents, audit.

This package is the piccolo app ``core``. Its tables follow the national TDDUI data model (ANS,
"Médicosocial – Transfert de données DUI"): the mapping is documented in ``docs/model.rst``.
"""
