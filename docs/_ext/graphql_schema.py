"""Sphinx directive ``graphql-schema``: a GraphQL reference rendered from an SDL file.

Usage, in a page whose title is the only section above it::

    .. graphql-schema:: ../../schema.graphql

The path is relative to the document (like ``literalinclude``). The SDL is validated with
graphql-core, then rendered in declaration-independent, stable order as sections:

* *Queries*, *Mutations* (and *Subscriptions*): one section per root field, with its signature
  (return type included), description and arguments;
* *Object types*, *Interfaces*, *Unions*, *Input types*, *Enums*, *Scalars*: one section per type,
  with its description, fields (or values) and the places that use it.

Every type name is a link to its section; built-in scalars (``String``, ``Int``...) are not. The SDL
file is a dependency of the page, so editing ``schema.graphql`` rebuilds the reference. The SDL is
the one ``opendui schema`` prints for the core plugin set (dev mode), committed at the repository
root so that changes to the API show in reviews.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from docutils import nodes
from graphql import (
    DefinitionNode,
    DocumentNode,
    EnumTypeDefinitionNode,
    FieldDefinitionNode,
    GraphQLError,
    InputObjectTypeDefinitionNode,
    InputValueDefinitionNode,
    InterfaceTypeDefinitionNode,
    ListTypeNode,
    NamedTypeNode,
    NonNullTypeNode,
    ObjectTypeDefinitionNode,
    ScalarTypeDefinitionNode,
    SchemaDefinitionNode,
    TypeNode,
    UnionTypeDefinitionNode,
    build_ast_schema,
    parse,
    print_ast,
)
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

ROOT_KINDS = (
    ("query", "Queries", "Query"),
    ("mutation", "Mutations", "Mutation"),
    ("subscription", "Subscriptions", "Subscription"),
)
TYPE_GROUPS: tuple[tuple[str, type, str], ...] = (
    ("Object types", ObjectTypeDefinitionNode, "object type"),
    ("Interfaces", InterfaceTypeDefinitionNode, "interface"),
    ("Unions", UnionTypeDefinitionNode, "union"),
    ("Input types", InputObjectTypeDefinitionNode, "input type"),
    ("Enums", EnumTypeDefinitionNode, "enum"),
    ("Scalars", ScalarTypeDefinitionNode, "scalar"),
)
_INLINE_CODE = re.compile(r"`([^`]+)`")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def type_id(name: str) -> str:
    """HTML id of a type's section."""
    return f"graphql-type-{_slug(name)}"


def root_field_id(kind: str, name: str) -> str:
    """HTML id of a root field's section (``graphql-query-usagers``)."""
    return f"graphql-{kind}-{_slug(name)}"


def _named(type_node: TypeNode) -> str:
    while isinstance(type_node, (NonNullTypeNode, ListTypeNode)):
        type_node = type_node.type
    assert isinstance(type_node, NamedTypeNode)
    return type_node.name.value


class _Renderer:
    """Turns a parsed SDL document into docutils nodes."""

    def __init__(self, document: DocumentNode) -> None:
        self.definitions: dict[str, DefinitionNode] = {}
        roots = {kind: title for kind, _plural, title in ROOT_KINDS}
        for definition in document.definitions:
            if isinstance(definition, SchemaDefinitionNode):
                for operation in definition.operation_types:
                    roots[operation.operation.value] = operation.type.name.value
            elif hasattr(definition, "name"):
                self.definitions[definition.name.value] = definition
        self.roots = roots
        self.used_by: dict[str, list[tuple[str, str]]] = defaultdict(list)  # type -> [(label, anchor)]
        self._index_usages()

    # -- cross references -------------------------------------------------------------------

    def _index_usages(self) -> None:
        root_names = {name: kind for kind, name in self.roots.items()}
        for type_name in sorted(self.definitions):
            definition = self.definitions[type_name]
            for field in getattr(definition, "fields", None) or ():
                if type_name in root_names:
                    kind = root_names[type_name]
                    label, anchor = f"{type_name}.{field.name.value}", root_field_id(kind, field.name.value)
                else:
                    label, anchor = f"{type_name}.{field.name.value}", type_id(type_name)
                self._use(_named(field.type), label, anchor)
                for argument in getattr(field, "arguments", None) or ():
                    self._use(_named(argument.type), f"{label}({argument.name.value})", anchor)
            for member in getattr(definition, "types", None) or ():  # union members
                self._use(member.name.value, type_name, type_id(type_name))

    def _use(self, used: str, label: str, anchor: str) -> None:
        if used in self.definitions and (label, anchor) not in self.used_by[used]:
            self.used_by[used].append((label, anchor))

    def type_ref(self, type_node: TypeNode) -> list[nodes.Node]:
        """``[Usager!]!`` with ``Usager`` linked to its section."""
        if isinstance(type_node, NonNullTypeNode):
            return [*self.type_ref(type_node.type), nodes.Text("!")]
        if isinstance(type_node, ListTypeNode):
            return [nodes.Text("["), *self.type_ref(type_node.type), nodes.Text("]")]
        assert isinstance(type_node, NamedTypeNode)
        return [self.name_ref(type_node.name.value)]

    def name_ref(self, name: str) -> nodes.Node:
        if name in self.definitions:
            return nodes.reference("", name, refid=type_id(name), internal=True)
        return nodes.Text(name)

    # -- building blocks ----------------------------------------------------------------------

    @staticmethod
    def description(definition: Any) -> list[nodes.Node]:
        """The description as paragraphs; `backticks` become inline code."""
        text = definition.description.value if getattr(definition, "description", None) else ""
        paragraphs = []
        for block in re.split(r"\n\s*\n", text.strip()):
            if not block.strip():
                continue
            paragraph = nodes.paragraph()
            for index, part in enumerate(_INLINE_CODE.split(" ".join(block.split()))):
                if part:
                    paragraph += nodes.literal(part, part) if index % 2 else nodes.Text(part)
            paragraphs.append(paragraph)
        return paragraphs

    def argument_term(self, value: InputValueDefinitionNode) -> list[nodes.Node]:
        parts: list[nodes.Node] = [nodes.Text(f"{value.name.value}: "), *self.type_ref(value.type)]
        if value.default_value is not None:
            parts.append(nodes.Text(f" = {print_ast(value.default_value)}"))
        return [nodes.literal("", "", *parts)]

    def entry(self, term: list[nodes.Node], definition: Any) -> nodes.list_item:
        """A list item: the term, then `` — description`` when there is one."""
        paragraph = nodes.paragraph("", "", *term)
        described = self.description(definition)
        if described:
            paragraph += nodes.Text(" — ")
            paragraph.extend(described[0].children)
        item = nodes.list_item("", paragraph)
        item.extend(described[1:])
        return item

    def values_list(self, values: Sequence[InputValueDefinitionNode]) -> nodes.bullet_list:
        listing = nodes.bullet_list(classes=["graphql-arguments"])
        for value in values:
            listing += self.entry(self.argument_term(value), value)
        return listing

    def signature(self, field: FieldDefinitionNode) -> nodes.paragraph:
        parts: list[nodes.Node] = [nodes.Text(field.name.value)]
        if field.arguments:
            parts.append(nodes.Text("("))
            for index, argument in enumerate(field.arguments):
                if index:
                    parts.append(nodes.Text(", "))
                parts.extend(self.argument_term(argument)[0].children)
            parts.append(nodes.Text(")"))
        parts.extend([nodes.Text(": "), *self.type_ref(field.type)])
        return nodes.paragraph("", "", nodes.literal("", "", *parts), classes=["graphql-signature"])

    @staticmethod
    def section(title: Iterable[nodes.Node], anchor: str) -> nodes.section:
        section = nodes.section(ids=[anchor])
        section += nodes.title("", "", *title)
        return section

    def used_in(self, name: str) -> list[nodes.Node]:
        users = self.used_by.get(name)
        if not users:
            return []
        paragraph = nodes.paragraph("", "", nodes.strong(text="Used by: "))
        for index, (label, anchor) in enumerate(users):
            if index:
                paragraph += nodes.Text(", ")
            paragraph += nodes.reference("", "", nodes.literal(label, label), refid=anchor, internal=True)
        return [paragraph]

    # -- sections -----------------------------------------------------------------------------

    def root_sections(self) -> list[nodes.section]:
        sections = []
        for kind, plural, _default in ROOT_KINDS:
            root = self.definitions.get(self.roots[kind])
            if not isinstance(root, ObjectTypeDefinitionNode) or not root.fields:
                continue
            group = self.section([nodes.Text(plural)], f"graphql-{kind}-fields")
            group += nodes.paragraph(
                text=f"Fields of the root {root.name.value} type, in alphabetical order."
            )
            for field in sorted(root.fields, key=lambda f: f.name.value):
                section = self.section(
                    [nodes.literal(field.name.value, field.name.value)], root_field_id(kind, field.name.value)
                )
                section += self.signature(field)
                section.extend(self.description(field))
                if field.arguments:
                    section += nodes.rubric(text="Arguments")
                    section += self.values_list(field.arguments)
                group += section
            sections.append(group)
        return sections

    def type_sections(self) -> list[nodes.section]:
        roots = set(self.roots.values())
        sections = []
        for plural, node_class, label in TYPE_GROUPS:
            names = sorted(
                name
                for name, d in self.definitions.items()
                if isinstance(d, node_class) and name not in roots
            )
            if not names:
                continue
            group = self.section([nodes.Text(plural)], f"graphql-{_slug(plural)}")
            for name in names:
                group += self.type_section(name, label)
            sections.append(group)
        return sections

    def type_section(self, name: str, label: str) -> nodes.section:
        definition = self.definitions[name]
        section = self.section([nodes.literal(name, name)], type_id(name))
        header = nodes.paragraph("", "", nodes.emphasis(text=label.capitalize()))
        for interface in getattr(definition, "interfaces", None) or ():
            header += nodes.Text(", implements ")
            header += self.name_ref(interface.name.value)
        section += header
        section.extend(self.description(definition))
        if (
            isinstance(definition, (ObjectTypeDefinitionNode, InterfaceTypeDefinitionNode))
            and definition.fields
        ):
            section += nodes.rubric(text="Fields")
            listing = nodes.bullet_list(classes=["graphql-fields"])
            for field in definition.fields:
                term = [nodes.literal("", "", *self.signature(field).children[0].children)]
                item = self.entry(term, field)
                if field.arguments:
                    item += self.values_list(field.arguments)
                listing += item
            section += listing
        elif isinstance(definition, InputObjectTypeDefinitionNode) and definition.fields:
            section += nodes.rubric(text="Fields")
            section += self.values_list(definition.fields)
        elif isinstance(definition, EnumTypeDefinitionNode) and definition.values:
            section += nodes.rubric(text="Values")
            listing = nodes.bullet_list(classes=["graphql-enum"])
            for value in definition.values:
                listing += self.entry([nodes.literal(value.name.value, value.name.value)], value)
            section += listing
        elif isinstance(definition, UnionTypeDefinitionNode) and definition.types:
            paragraph = nodes.paragraph("", "", nodes.strong(text="Members: "))
            for index, member in enumerate(definition.types):
                if index:
                    paragraph += nodes.Text(", ")
                paragraph += nodes.literal("", "", self.name_ref(member.name.value))
            section += paragraph
        section.extend(self.used_in(name))
        return section


class GraphQLSchemaDirective(SphinxDirective):
    """``.. graphql-schema:: path/to/schema.graphql``"""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        relative, absolute = self.env.relfn2path(self.arguments[0], self.env.docname)
        path = Path(absolute)
        self.env.note_dependency(relative)
        try:
            sdl = path.read_text(encoding="utf-8")
            document = parse(sdl)
            build_ast_schema(document)  # refuse an SDL that is not a valid schema
        except (OSError, GraphQLError, TypeError) as error:
            raise self.error(f"graphql-schema: cannot render {path}: {error}") from error
        renderer = _Renderer(document)
        return [*renderer.root_sections(), *renderer.type_sections()]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("graphql-schema", GraphQLSchemaDirective)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
