"""Put the ribbon XML and its icons into an Office Open XML workbook (.xlam/.xlsm) zip."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

UI_REL_TYPE = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
IMAGE_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
PART = "customUI/customUI14.xml"


def image_ids(customui: str) -> list[str]:
    """Every image="..." id used by the ribbon XML, in order, without duplicates."""
    return list(dict.fromkeys(re.findall(r'\bimage="([^"]+)"', customui)))


def _rels(ids: list[str]) -> str:
    rows = "".join(f'<Relationship Id="{i}" Type="{IMAGE_REL_TYPE}" Target="images/{i}.png"/>'
                   for i in ids)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rows}</Relationships>")


def _root_rels(text: str) -> str:
    if PART in text:
        return text
    entry = f'<Relationship Id="kppsCustomUI" Type="{UI_REL_TYPE}" Target="{PART}"/>'
    return text.replace("</Relationships>", entry + "</Relationships>")


def _content_types(text: str) -> str:
    if 'Extension="png"' in text:
        return text
    return text.replace("<Default ", '<Default Extension="png" ContentType="image/png"/><Default ',
                        1)


def inject_ribbon(source: Path, target: Path, customui: Path, icons: Path, size: int = 32
                  ) -> list[str]:
    """Copy source to target adding customUI14.xml, its icon PNGs and relationships."""
    xml = customui.read_text(encoding="utf-8")
    ids = image_ids(xml)
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "_rels/.rels":
                data = _root_rels(data.decode("utf-8")).encode("utf-8")
            elif item.filename == "[Content_Types].xml":
                data = _content_types(data.decode("utf-8")).encode("utf-8")
            elif item.filename.startswith("customUI/"):
                continue
            zout.writestr(item, data)
        zout.writestr(PART, xml.encode("utf-8"))
        zout.writestr("customUI/_rels/customUI14.xml.rels", _rels(ids))
        for i in ids:
            zout.writestr(f"customUI/images/{i}.png", (icons / f"{i}-{size}.png").read_bytes())
    return ids
