"""Render the letters with docxtpl (autoescape, StrictUndefined), the lampiran and PDFs."""

from __future__ import annotations

import contextlib
import importlib.resources
import re
import shutil
import struct
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from docx.image.exceptions import (
    InvalidImageStreamError,
    UnexpectedEndOfFileError,
    UnrecognizedImageError,
)
from docx.image.image import Image as DocxImage
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from kpps_xl.budget import Budget, budget_config
from kpps_xl.eligible import Exclusion
from kpps_xl.errors import KppsError
from kpps_xl.io_utils import atomic_path
from kpps_xl.letters import formatting
from kpps_xl.letters.config import (
    LETTER_TITLES,
    LetterSettings,
    LetterSetup,
    letter_setup,
    parse_letter_settings,
)
from kpps_xl.letters.context import (
    build_context,
    group_rows,
    letter_lines,
    named_per_row,
    participant_rows,
    select_participants,
)
from kpps_xl.letters.lampiran import write_lampiran
from kpps_xl.roster.model import Roster
from kpps_xl.settings import Settings

TEMPLATE_FILES = {
    "pemda": "surat_pemda.docx",
    "bpjs_tk": "surat_bpjs_ketenagakerjaan.docx",
    "bpjs_kes": "surat_bpjs_kesehatan.docx",
}
LAMPIRAN_FILES = {
    "pemda": "lampiran_pemda.xlsx",
    "bpjs_tk": "lampiran_bpjs_ketenagakerjaan.xlsx",
    "bpjs_kes": "lampiran_bpjs_kesehatan.xlsx",
}
_LEFTOVER_TAG = re.compile(r"\{\{|\{%|%\}|\}\}")
SOFFICE_TIMEOUT = 300


class LetterError(KppsError):
    """A letter cannot be made; the message is Indonesian and names the field or file."""


_UNSAFE_GLOBALS = ("cycler", "joiner", "lipsum", "namespace")


def jinja_env() -> jinja2.Environment:
    """The only environment letters use: escapes &, <, > and fails on any missing field.

    Templates travel between offices like rosters do, so they run in Jinja2's immutable
    sandbox: no attribute starting with '_', no method that changes the context, and none of
    the helper globals (cycler, joiner, lipsum, namespace) a template could climb out through.
    """
    env = ImmutableSandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)
    for name in _UNSAFE_GLOBALS:
        env.globals.pop(name, None)
    env.filters.update({
        "rupiah": formatting.rupiah,
        "angka": formatting.angka,
        "terbilang": formatting.terbilang,
        "tanggal": formatting.tanggal,
    })
    return env


@contextlib.contextmanager
def builtin_template(kind: str) -> Iterator[Path]:
    """Path of a template shipped in the package (importlib.resources)."""
    resource = importlib.resources.files("kpps_xl") / "templates" / TEMPLATE_FILES[kind]
    if not resource.is_file():
        raise LetterError(f"Templat bawaan {TEMPLATE_FILES[kind]} tidak ada di paket kpps-xl.")
    with importlib.resources.as_file(resource) as path:
        yield path


def user_template(template: Path, kind: str) -> Path | None:
    """A user's template: a .docx used for every letter, or a folder with the standard names."""
    if template.is_dir():
        candidate = template / TEMPLATE_FILES[kind]
        return candidate if candidate.is_file() else None
    if template.suffix.lower() != ".docx" or not template.is_file():
        raise LetterError(f"Templat tidak ditemukan atau bukan berkas .docx: {template}")
    return template


def open_template(path: Path) -> DocxTemplate:
    """A loaded template; a file that is not a Word .docx is a LetterError naming it."""
    doc = DocxTemplate(str(path))
    try:
        doc.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise LetterError(
            f"Templat {path} tidak dapat dibuka sebagai dokumen Word .docx ({exc}). Simpan "
            f"templat dari Word/LibreOffice sebagai \"Dokumen Word (.docx)\"."
        ) from exc
    return doc


def check_logo(path: Path | None) -> None:
    """The kop logo must be an image Word can show (PNG, JPEG, GIF, BMP, TIFF)."""
    if path is None:
        return
    try:
        DocxImage.from_file(str(path))
    except (UnrecognizedImageError, UnexpectedEndOfFileError, InvalidImageStreamError,
            OSError, ValueError, IndexError, struct.error) as exc:
        raise LetterError(
            f"Berkas pada pengaturan 'kantor.logo' bukan gambar yang dapat dipakai "
            f"(PNG/JPEG/GIF/BMP/TIFF): {path}"
        ) from exc


def missing_variables(doc: DocxTemplate, context: Mapping[str, Any]) -> list[str]:
    """Template variables the context does not supply (sorted)."""
    try:
        return sorted(doc.get_undeclared_template_variables(jinja_env(), dict(context)))
    except jinja2.TemplateSyntaxError as exc:
        raise LetterError(
            f"Templat {doc.template_file} berisi tag yang salah tulis (baris {exc.lineno}): "
            f"{exc.message}"
        ) from exc


def _undefined_name(exc: jinja2.UndefinedError) -> str | None:
    match = re.search(r"has no attribute '([^']+)'|'([^']+)' is undefined", str(exc))
    return (match.group(1) or match.group(2)) if match else None


_EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.S)


def failing_expression(template_path: Path, context: Mapping[str, Any]) -> str | None:
    """The first {{ … }} of the template body that fails on the context, e.g. "peserta[0].nama".

    Only expressions whose names all come from the context are tried (loop variables cannot be
    evaluated alone); None when no single expression can be blamed.
    """
    from jinja2 import meta

    env = jinja_env()
    try:
        doc = open_template(template_path)
        source = doc.patch_xml(doc.get_xml())
    except (LetterError, jinja2.TemplateError, ValueError):  # pragma: no cover - best effort
        return None
    for raw in _EXPRESSION.findall(source):
        expr = re.sub(r"<[^>]*>", "", raw).strip()
        try:
            names = meta.find_undeclared_variables(env.parse("{{ " + expr + " }}"))
            if not names <= set(context):
                continue
            str(env.compile_expression(expr, undefined_to_none=False)(**context))
        except jinja2.UndefinedError:
            return expr
        except Exception:  # noqa: BLE001 - only looking for the culprit; render reports the rest
            continue
    return None


def render_docx(template_path: Path, context: Mapping[str, Any], target: Path,
                logo: Path | None = None) -> Path:
    """Render one template to target; errors name the missing field or the broken tag."""
    doc = open_template(template_path)
    _check_template(template_path, context)
    full = dict(context)
    if logo is not None:
        full["logo"] = InlineImage(doc, str(logo), height=Cm(2.2))
    try:
        doc.render(full, jinja_env=jinja_env())
    except SecurityError as exc:
        found = re.search(r"attribute '([^']+)'|'([^']+)'", str(exc))
        raise _refuse_unsafe(template_path, next((g for g in found.groups() if g), "?")
                             if found else "?") from None
    except jinja2.UndefinedError as exc:
        name = _undefined_name(exc)
        expr = failing_expression(template_path, full)
        where = f" pada {{{{ {expr} }}}}" if expr else ""
        if name:
            message = f"memakai isian '{name}' yang tidak tersedia{where}."
        else:
            message = (f"tidak dapat diisi{where or ' (ungkapan tidak diketahui)'}: {exc} "
                       f"(mis. daftar peserta kosong atau terlalu panjang untuk tabel).")
        raise LetterError(f"Templat {template_path.name} {message}") from exc
    except jinja2.TemplateError as exc:
        raise LetterError(f"Templat {template_path.name} tidak dapat diisi: {exc}") from exc
    with atomic_path(target) as tmp:
        doc.save(tmp)
    return target


def leftover_tags(path: Path) -> list[str]:
    """Paragraph and cell texts of a rendered .docx that still hold {{ or {% (should be none)."""
    from docx import Document

    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        texts.extend(cell.text for row in table.rows for cell in row.cells)
    return [t for t in texts if _LEFTOVER_TAG.search(t)]


def find_soffice() -> str | None:
    """LibreOffice's command on the PATH (soffice or libreoffice), None when absent."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """soffice path, or a clear Indonesian error saying what to do."""
    found = find_soffice()
    if found is None:
        raise LetterError(
            "Pilihan --pdf membutuhkan LibreOffice, tetapi perintah 'soffice' tidak ditemukan "
            "di PATH. Pasang LibreOffice (mis. apt-get install libreoffice-writer) atau "
            "jalankan tanpa --pdf; berkas .docx tetap dapat dicetak dari Word."
        )
    return found


def to_pdf(soffice: str, docx_paths: list[Path], out_dir: Path) -> list[Path]:
    """Convert .docx files with LibreOffice headless (private profile, time limit)."""
    if not docx_paths:
        return []
    with tempfile.TemporaryDirectory(prefix="kpps-xl-lo-") as profile:
        cmd = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
               "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, docx_paths)]
        try:
            result = subprocess.run(cmd, capture_output=True, text=True,
                                    timeout=SOFFICE_TIMEOUT, check=False)
        except subprocess.TimeoutExpired as exc:
            raise LetterError(
                f"LibreOffice tidak selesai mengubah surat ke PDF dalam {SOFFICE_TIMEOUT} detik."
            ) from exc
    pdfs = [out_dir / f"{p.stem}.pdf" for p in docx_paths]
    missing = [p.name for p in pdfs if not p.is_file()]
    if result.returncode != 0 or missing:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [""]
        raise LetterError(
            f"LibreOffice gagal membuat PDF ({', '.join(missing) or 'kode ' + str(result.returncode)})"
            f": {detail[0]}"
        )
    return pdfs


def skipped_letters(budget: Budget, settings: Settings) -> dict[str, str]:
    """Letters that will not be made because the budget has no figures for them (reasons)."""
    kinds = parse_letter_settings(settings).kinds
    return {
        kind: f"{LETTER_TITLES[kind][:1].upper()}{LETTER_TITLES[kind][1:]} tidak dibuat: "
              f"anggaran tidak memuat "
              f"{'peserta JKN' if kind == 'bpjs_kes' else 'iuran untuk surat ini'}."
        for kind in kinds if not letter_lines(budget, kind)
    }


def _template_for(kind: str, setup: LetterSetup, template: Path | None) -> Path | None:
    if template is not None:
        return user_template(template, kind)
    return setup.template


def _heading(ls: LetterSettings, context: Mapping[str, Any]) -> list[str]:
    return [
        f"Lampiran surat {ls.kantor.nama}",
        f"Nomor: {context['nomor']}   Tanggal: {context['tanggal']}",
        f"Hal: {context['hal']}",
    ]


def unsafe_access(doc: DocxTemplate) -> str | None:
    """The first thing a template reaches that lies outside its context ('__class__', ...)."""
    try:
        tree = jinja_env().parse(doc.patch_xml(doc.get_xml()))
    except (jinja2.TemplateSyntaxError, ValueError):
        return None  # missing_variables reports the broken tag
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter, nodes.Name)):
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            return node.attr
        if (isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const)
                and isinstance(node.arg.value, str) and node.arg.value.startswith("_")):
            return node.arg.value
        if isinstance(node, nodes.Filter) and node.name == "attr":
            return "|attr"
        if isinstance(node, nodes.Name) and node.name in _UNSAFE_GLOBALS:
            return node.name
    return None


def _refuse_unsafe(path: Path, what: str) -> LetterError:
    return LetterError(
        f"Templat {path.name} mencoba memakai '{what}', sesuatu di luar isian surat; ini tidak "
        "diizinkan dan templat ditolak. Gunakan hanya isian seperti {{ nomor }} atau "
        "{{ kantor.nama }}."
    )


def _check_template(path: Path, context: Mapping[str, Any]) -> None:
    doc = open_template(path)
    if (what := unsafe_access(doc)) is not None:
        raise _refuse_unsafe(path, what)
    missing = missing_variables(doc, context)
    if missing:
        raise LetterError(
            f"Templat {path.name} memakai isian yang tidak tersedia: {', '.join(missing)}. "
            f"Isian yang tersedia: {', '.join(sorted(context))}."
        )


def render_letters(budget: Budget, roster: Roster, settings: Settings, out_dir: str | Path,
                   pdf: bool = False, template: str | Path | None = None,
                   excluded: Sequence[Exclusion] = ()) -> list[Path]:
    """Write the letters (.docx, optional .pdf) and lampiran (.xlsx) into out_dir.

    Letters whose budget part is empty are left out (see skipped_letters). template may be a
    .docx used for every letter or a folder holding surat_pemda.docx etc. Every setting and
    every template variable is checked before the first file is written. roster should hold
    the eligible people (kpps_xl.eligible); `excluded` are the rows left out, stated in every
    letter and listed on the lampiran's "Dikecualikan" sheet.
    """
    out = Path(out_dir)
    ls = parse_letter_settings(settings)
    soffice = require_soffice() if pdf else None
    user = Path(template).expanduser() if template is not None else None
    if user is not None and not user.exists():
        raise LetterError(f"Templat tidak ditemukan: {user}")
    roles = budget_config(settings).roles
    check_logo(ls.kantor.logo)
    kinds = [k for k in ls.kinds if letter_lines(budget, k)]
    if not kinds:
        raise LetterError("Tidak ada surat yang dapat dibuat: anggaran tidak memuat iuran apa pun.")
    written: list[Path] = []
    with contextlib.ExitStack() as stack:
        jobs = []
        for kind in kinds:
            setup = letter_setup(ls, kind)
            chosen = select_participants(roster, budget, kind, roles)
            people = participant_rows(chosen)
            named = named_per_row(chosen, group_rows(letter_lines(budget, kind)), roles)
            context = build_context(kind, budget, people, ls, setup, LAMPIRAN_FILES[kind],
                                    named=named, excluded=excluded)
            path = (_template_for(kind, setup, user)
                    or stack.enter_context(builtin_template(kind)))
            _check_template(path, context)
            jobs.append((kind, path, context, people))
        out.mkdir(parents=True, exist_ok=True)
        for kind, path, context, people in jobs:
            docx_path = render_docx(path, context, out / TEMPLATE_FILES[kind], ls.kantor.logo)
            left = leftover_tags(docx_path)
            if left:
                raise LetterError(f"{docx_path.name} masih berisi tag templat: {left[0][:80]}")
            xlsx = write_lampiran(out / LAMPIRAN_FILES[kind], kind, people,
                                  group_rows(letter_lines(budget, kind)), _heading(ls, context),
                                  excluded=excluded)
            written.extend([docx_path, xlsx])
    if soffice is not None:
        written.extend(to_pdf(soffice, [p for p in written if p.suffix == ".docx"], out))
    return written
