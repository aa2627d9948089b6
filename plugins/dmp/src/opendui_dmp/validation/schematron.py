"""A small ISO Schematron (``queryBinding="xslt2"``) to XSLT 2.0 compiler, run with Saxon-HE.

Written for this plugin (no third-party skeleton is copied): it supports the subset used by the
CI-SIS schematrons — ``include``, ``ns``, ``pattern`` (incl. abstract patterns with ``is-a`` /
``param``), ``rule`` (incl. abstract rules and ``extends``), ``let``, ``assert``, ``report``,
``value-of`` and ``name`` in messages. Semantics follow ISO/IEC 19757-3: in each pattern a node is
checked by the first rule whose context matches it.

Asserts that read a value-set file missing upstream (``doc('…')`` to an absent file) cannot run;
they are removed at compile time and listed in :attr:`CompiledSchematron.skipped` — never
silently.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from saxonche import PySaxonProcessor, PyXsltExecutable

from opendui_dmp.validation.problems import Level, Problem

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
SVRL = "http://purl.oclc.org/dsdl/svrl"
_S = f"{{{SCH}}}"
_X = f"{{{XSL}}}"
_R = f"{{{SVRL}}}"

#: Bumped when the generated XSLT changes, so disk caches are invalidated.
COMPILER_VERSION = "1"

_DOC_CALL = re.compile(r"""doc\(\s*['"]([^'"]+)['"]\s*\)""")
_LOCATION_FN = (
    "string-join(for $n in ancestor-or-self::* return concat('/', name($n), '[', "
    "count($n/preceding-sibling::*[node-name(.) = node-name($n)]) + 1, ']'), '')"
)


@dataclass(frozen=True, slots=True)
class SkippedAssert:
    """An assert removed because a file it reads is missing.

    :param rule_context: the context of its rule.
    :param message: its message text (trimmed).
    :param missing: the missing file(s), relative to the schema.
    """

    rule_context: str
    message: str
    missing: tuple[str, ...]


@dataclass(slots=True)
class CompiledSchematron:
    """A schematron translated to XSLT 2.0.

    :param path: the ``.sch`` file.
    :param xslt: the generated stylesheet text.
    :param skipped: asserts/reports not run (missing upstream files).
    :param rule_count: concrete rules compiled.
    """

    path: Path
    xslt: str
    skipped: list[SkippedAssert] = field(default_factory=list)
    rule_count: int = 0


# --------------------------------------------------------------------------------------------
# Loading: includes, abstract rules, abstract patterns


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)


def _load_with_includes(path: Path) -> etree._Element:
    root = etree.parse(str(path), _parser()).getroot()
    _expand_includes(root, path.parent)
    return root


def _expand_includes(elem: etree._Element, base: Path) -> None:
    for inc in list(elem.iter(f"{_S}include")):
        href = inc.get("href", "")
        target = (base / href).resolve()
        included = etree.parse(str(target), _parser()).getroot()
        _expand_includes(included, target.parent)
        parent = inc.getparent()
        if parent is None:  # pragma: no cover - include as root is not valid schematron
            raise ValueError(f"{path_of(inc)}: include without parent")
        parent.replace(inc, included)


def path_of(elem: etree._Element) -> str:
    """Return ``file:line`` of a schematron element (for error messages)."""
    return f"{elem.base}:{elem.sourceline}"


def _instantiate_abstract_patterns(schema: etree._Element) -> None:
    abstract = {p.get("id"): p for p in schema.findall(f"{_S}pattern") if p.get("abstract") == "true"}
    for inst in schema.findall(f"{_S}pattern[@is-a]"):
        template = abstract[inst.get("is-a")]
        params = {p.get("name", ""): p.get("value", "") for p in inst.findall(f"{_S}param")}
        clone = etree.fromstring(etree.tostring(template))
        clone.attrib.pop("abstract", None)
        if inst.get("id"):
            clone.set("id", inst.get("id", ""))
        # Longest names first so $ab is not replaced inside $abc.
        names = sorted(params, key=len, reverse=True)
        for el in clone.iter():
            for att in ("context", "test", "select", "value", "path"):
                val = el.get(att)
                if val is not None:
                    for name in names:
                        val = re.sub(rf"\${re.escape(name)}(?![\w.-])", params[name], val)
                    el.set(att, val)
        schema.replace(inst, clone)
    for pattern in abstract.values():
        schema.remove(pattern)


# --------------------------------------------------------------------------------------------
# Generation


class _Generator:
    def __init__(self, schema: etree._Element, sch_path: Path) -> None:
        self.schema = schema
        self.base = sch_path.resolve()
        self.skipped: list[SkippedAssert] = []
        self.rule_count = 0
        self._abstract_names: dict[str, int] = {}
        self._abstract_done: set[str] = set()
        self.abstract_rules: dict[str, etree._Element] = {
            r.get("id", ""): r for r in schema.iter(f"{_S}rule") if r.get("abstract") == "true"
        }
        self.nsmap: dict[str, str] = {"xsl": XSL, "svrl": SVRL}
        for ns in schema.iter(f"{_S}ns"):
            prefix = ns.get("prefix", "")
            if prefix and prefix != "xml":
                self.nsmap[prefix] = ns.get("uri", "")
        self._xsl: etree._Element = etree.Element(f"{_X}stylesheet", nsmap=self.nsmap)

    def _missing_docs(self, expr: str | None) -> tuple[str, ...]:
        if not expr:
            return ()
        missing = []
        for href in _DOC_CALL.findall(expr):
            if not (self.base.parent / href).is_file():
                missing.append(href)
        return tuple(missing)

    def generate(self) -> str:
        xsl = self._xsl
        xsl.set("version", "2.0")
        # doc('include/…') in the schematrons is relative to the main .sch file.
        xsl.set("{http://www.w3.org/XML/1998/namespace}base", self.base.as_uri())
        out = etree.SubElement(xsl, f"{_X}output")
        out.set("method", "xml")
        out.set("indent", "no")
        for let in self.schema.findall(f"{_S}let"):
            self._variable(xsl, let, global_=True)
        patterns = [p for p in self.schema.findall(f"{_S}pattern") if p.get("abstract") != "true"]
        for pattern in patterns:
            for let in pattern.findall(f"{_S}let"):
                self._variable(xsl, let, global_=True)
        root = etree.SubElement(xsl, f"{_X}template")
        root.set("match", "/")
        report = etree.SubElement(root, f"{_R}schematron-output")
        for i, pattern in enumerate(patterns):
            active = etree.SubElement(report, f"{_R}active-pattern")
            active.set("id", pattern.get("id", f"pattern-{i}"))
            apply = etree.SubElement(report, f"{_X}apply-templates")
            apply.set("select", "/")
            apply.set("mode", f"M{i}")
        for i, pattern in enumerate(patterns):
            self._pattern(xsl, pattern, f"M{i}")
        return str(etree.tostring(xsl, encoding="unicode"))

    def _pattern(self, xsl: etree._Element, pattern: etree._Element, mode: str) -> None:
        rules = [r for r in pattern.findall(f"{_S}rule") if r.get("abstract") != "true"]
        n = len(rules)
        for j, rule in enumerate(rules):
            tpl = etree.SubElement(xsl, f"{_X}template")
            tpl.set("match", rule.get("context", ""))
            tpl.set("priority", str(n - j + 1000))
            tpl.set("mode", mode)
            fired = etree.SubElement(tpl, f"{_R}fired-rule")
            fired.set("context", rule.get("context", "").replace("{", "{{").replace("}", "}}"))
            self._rule_body(tpl, rule, rule.get("context", ""), set())
            cont = etree.SubElement(tpl, f"{_X}apply-templates")
            cont.set("select", "@*|*")
            cont.set("mode", mode)
            self.rule_count += 1
        # Default: visit every element and attribute, emit nothing.
        default = etree.SubElement(xsl, f"{_X}template")
        default.set("match", "*|@*|/")
        default.set("priority", "-10")
        default.set("mode", mode)
        cont = etree.SubElement(default, f"{_X}apply-templates")
        cont.set("select", "@*|*")
        cont.set("mode", mode)

    def _rule_body(self, tpl: etree._Element, rule: etree._Element, context: str, seen: set[str]) -> None:
        for child in rule:
            tag = child.tag
            if tag == f"{_S}let":
                self._variable(tpl, child, global_=False)
            elif tag == f"{_S}extends":
                ref = child.get("rule", "")
                if ref in seen:  # pragma: no cover - cyclic extends is a schema bug
                    raise ValueError(f"cyclic extends {ref!r} at {path_of(child)}")
                if ref not in self.abstract_rules:
                    raise ValueError(f"unknown abstract rule {ref!r} at {path_of(child)}")
                call = etree.SubElement(tpl, f"{_X}call-template")
                call.set("name", self._abstract_template(ref, seen | {ref}))
            elif tag in (f"{_S}assert", f"{_S}report"):
                self._check(tpl, child, context)

    def _abstract_template(self, ref: str, seen: set[str]) -> str:
        """Emit (once) a named template holding the checks of an abstract rule."""
        name = f"abstract-{self._abstract_names.setdefault(ref, len(self._abstract_names))}"
        if ref not in self._abstract_done:
            self._abstract_done.add(ref)
            tpl = etree.SubElement(self._xsl, f"{_X}template")
            tpl.set("name", name)
            self._rule_body(tpl, self.abstract_rules[ref], f"(abstract rule {ref})", seen)
        return name

    def _variable(self, parent: etree._Element, let: etree._Element, *, global_: bool) -> None:
        var = etree.SubElement(parent, f"{_X}variable")
        var.set("name", let.get("name", ""))
        value = let.get("value")
        if value is None:  # element content form
            for node in let:
                var.append(etree.fromstring(etree.tostring(node)))
        else:
            missing = self._missing_docs(value)
            # A variable reading a missing file is bound to the empty sequence and listed.
            var.set("select", "()" if missing else value)
            if missing:
                self.skipped.append(SkippedAssert("let $" + let.get("name", ""), "variable", missing))

    def _check(self, tpl: etree._Element, check: etree._Element, context: str) -> None:
        test = check.get("test", "true()")
        missing = self._missing_docs(test)
        message = _text_of(check)
        if missing:
            self.skipped.append(SkippedAssert(context, message[:300], missing))
            return
        is_assert = check.tag == f"{_S}assert"
        if is_assert:
            choose = etree.SubElement(tpl, f"{_X}choose")
            when = etree.SubElement(choose, f"{_X}when")
            when.set("test", test)
            holder = etree.SubElement(choose, f"{_X}otherwise")
            out = etree.SubElement(holder, f"{_R}failed-assert")
        else:
            holder = etree.SubElement(tpl, f"{_X}if")
            holder.set("test", test)
            out = etree.SubElement(holder, f"{_R}successful-report")
        out.set("test", test.replace("{", "{{").replace("}", "}}"))
        for att in ("role", "id", "flag", "see"):
            if check.get(att) is not None:
                out.set(att, check.get(att, "").replace("{", "{{").replace("}", "}}"))
        loc = etree.SubElement(out, f"{_X}attribute")
        loc.set("name", "location")
        loc.set(
            "select",
            f"if (. instance of document-node()) then '/' else concat({_LOCATION_FN}, "
            "if (. instance of attribute()) then concat('/@', name()) else '')",
        )
        text = etree.SubElement(out, f"{_R}text")
        self._message(text, check)

    def _message(self, target: etree._Element, check: etree._Element) -> None:
        def add_text(value: str | None) -> None:
            if value:
                node = etree.SubElement(target, f"{_X}text")
                node.text = value

        add_text(check.text)
        for child in check:
            if child.tag == f"{_S}value-of":
                v = etree.SubElement(target, f"{_X}value-of")
                v.set("select", child.get("select", "."))
            elif child.tag == f"{_S}name":
                v = etree.SubElement(target, f"{_X}value-of")
                v.set("select", f"name({child.get('path', '.')})")
            else:
                add_text("".join(child.itertext()))
            add_text(child.tail)


def _text_of(check: etree._Element) -> str:
    return " ".join("".join(check.itertext()).split())


def compile_schematron(path: Path) -> CompiledSchematron:
    """Translate a schematron to XSLT 2.0 (no caching).

    :param path: the ``.sch`` file; its includes are resolved relative to each including file.
    :returns: the stylesheet and the list of skipped asserts.
    """
    schema = _load_with_includes(path)
    _instantiate_abstract_patterns(schema)
    gen = _Generator(schema, path)
    xslt = gen.generate()
    return CompiledSchematron(path, xslt, gen.skipped, gen.rule_count)


# --------------------------------------------------------------------------------------------
# Running (Saxon-HE through saxonche), with caches


def _sources_digest(path: Path) -> str:
    h = hashlib.sha256(COMPILER_VERSION.encode())
    h.update(str(path.resolve()).encode())
    for f in sorted(path.parent.rglob("*.sch")):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:24]


def _cache_dir() -> Path | None:
    env = os.environ.get("OPENDUI_DMP_CACHE_DIR")
    if env == "":
        return None
    base = Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base if env else base / "opendui-dmp"


class SchematronRunner:
    """Compiles a schematron once (memory + optional disk cache) and runs it on documents.

    :param path: the ``.sch`` file.
    """

    _processor: PySaxonProcessor | None = None
    _lock = threading.Lock()

    def __init__(self, path: Path) -> None:
        self.path = path
        self.compiled = self._compiled()
        proc = self.processor()
        xslt30 = proc.new_xslt30_processor()
        self._executable: PyXsltExecutable = xslt30.compile_stylesheet(stylesheet_text=self.compiled.xslt)

    @classmethod
    def processor(cls) -> PySaxonProcessor:
        """Return the process-wide Saxon processor (Saxon-HE, no licence)."""
        with cls._lock:
            if cls._processor is None:
                cls._processor = PySaxonProcessor(license=False)
            return cls._processor

    def _compiled(self) -> CompiledSchematron:
        cache = _cache_dir()
        if cache is None:
            return compile_schematron(self.path)
        digest = _sources_digest(self.path)
        xsl_file = cache / f"{self.path.stem}-{digest}.xsl"
        skip_file = cache / f"{self.path.stem}-{digest}.skipped"
        if xsl_file.is_file() and skip_file.is_file():
            skipped = [
                SkippedAssert(ctx, msg, tuple(m.split(",")))
                for ctx, msg, m in (
                    line.split("\t") for line in skip_file.read_text("utf-8").splitlines() if line
                )
            ]
            xslt = xsl_file.read_text("utf-8")
            return CompiledSchematron(self.path, xslt, skipped, xslt.count("<svrl:fired-rule"))
        compiled = compile_schematron(self.path)
        try:
            cache.mkdir(parents=True, exist_ok=True)
            tmp = xsl_file.with_suffix(".tmp")
            tmp.write_text(compiled.xslt, "utf-8")
            skip_file.write_text(
                "".join(f"{s.rule_context}\t{s.message}\t{','.join(s.missing)}\n" for s in compiled.skipped),
                "utf-8",
            )
            os.replace(tmp, xsl_file)
        except OSError:  # read-only home: the memory cache is enough
            pass
        return compiled

    def run(self, safe_xml: bytes) -> list[Problem]:
        """Validate a document already parsed safely and re-serialised without DTD.

        :param safe_xml: the document bytes (no DOCTYPE).
        :returns: one :class:`Problem` per failed assert or successful report.
        """
        proc = self.processor()
        node = proc.parse_xml(xml_text=safe_xml.decode("utf-8"))
        svrl = self._executable.transform_to_string(xdm_node=node)
        return parse_svrl(svrl.encode("utf-8"), source=f"schematron:{self.path.name}")


_LEVELS: dict[str, Level] = {
    "error": "error",
    "fatal": "error",
    "warning": "warning",
    "warn": "warning",
    "info": "info",
    "information": "info",
}


def parse_svrl(svrl: bytes, *, source: str) -> list[Problem]:
    """Turn an SVRL report into problems (an assert with no ``role`` is an error).

    :param svrl: the report.
    :param source: label stored in :attr:`Problem.source`.
    """
    root = etree.fromstring(svrl, _parser())
    problems: list[Problem] = []
    for el in root.iter(f"{_R}failed-assert", f"{_R}successful-report"):
        role = (el.get("role") or "error").lower()
        text = el.find(f"{_R}text")
        message = " ".join("".join(text.itertext()).split()) if text is not None else ""
        problems.append(Problem(_LEVELS.get(role, "error"), message, el.get("location", ""), source))
    return problems


_RUNNERS: dict[Path, SchematronRunner] = {}
_RUNNERS_LOCK = threading.Lock()


def runner_for(path: Path) -> SchematronRunner:
    """Return the (process-wide, cached) runner of a schematron file."""
    key = path.resolve()
    with _RUNNERS_LOCK:
        if key not in _RUNNERS:
            _RUNNERS[key] = SchematronRunner(key)
        return _RUNNERS[key]


__all__ = [
    "CompiledSchematron",
    "SchematronRunner",
    "SkippedAssert",
    "compile_schematron",
    "parse_svrl",
    "runner_for",
]
