"""Extraction: text -> Document -> Sentence -> Mention / RelationMention.

Importing this package reads no file and loads no dictionary; see
:class:`zhkg.extract.segment.Segmenter` and :func:`zhkg.extract.pipeline.extract_document`.
"""
