"""The policy staff's own text (data/<id>/tekst/): how it is read, checked and parsed.

tekst/*.md is untrusted: it is read as pandoc Markdown without raw HTML, raw TeX and raw
attribute blocks (```{=html}, ```{=typst}), so whatever it contains is shown as text. Images
may only be files of tekst/ itself, of the types in IMAGE_TYPES. Symlinks and anything that is
not a regular file in tekst/ are refused, so no file from outside the project is published.
"""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path
from urllib.parse import unquote, urlsplit

from evalkit.build.pandoc_run import pandoc
from evalkit.errors import OutputError

# pandoc Markdown with every way to pass markup through to the output switched off.
USER_MARKDOWN = "markdown-raw_html-raw_tex-raw_attribute"
IMAGE_TYPES = (".png", ".jpg", ".jpeg")


def read_text_file(pad: Path) -> str:
    """Read a policy text (tekst/*.md) as UTF-8; UitvoerFout naming file and line if not."""
    ruw = pad.read_bytes()
    try:
        return ruw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        from evalkit.data.collect import utf8_message

        regel = ruw[: exc.start].count(b"\n") + 1
        raise OutputError(f"{pad}, regel {regel}: {utf8_message(pad, ruw[exc.start])}") from None


def _check_regular(pad: Path) -> None:
    """Refuse a symlink or anything that is not a regular file (Dutch, naming the path)."""
    modus = pad.lstat().st_mode
    if stat.S_ISLNK(modus):
        raise OutputError(
            f"{pad}: is een symbolische koppeling; in tekst/ staan alleen gewone bestanden "
            "(kopieer het bestand zelf in de map). Er is niets gewijzigd."
        )
    if not stat.S_ISREG(modus):
        raise OutputError(
            f"{pad}: is geen gewoon bestand; in tekst/ staan alleen Markdown-bestanden en "
            "afbeeldingen. Er is niets gewijzigd."
        )


def parse_markdown(tekst: str, pad: Path) -> dict:
    """A policy text as pandoc JSON (raw markup switched off)."""
    uit = pandoc(
        ["-f", USER_MARKDOWN, "-t", "json"], f"Omzetten van hoofdstuk {pad.name}", pad.parent, tekst
    )
    try:
        return json.loads(uit)
    except ValueError as exc:
        raise OutputError(
            f"Omzetten van hoofdstuk {pad.name}: onleesbare uitvoer van pandoc"
        ) from exc


def images(node: object) -> list[dict]:
    """Every Image element in a pandoc JSON (sub)tree."""
    gevonden: list[dict] = []
    stapel = [node]
    while stapel:
        x = stapel.pop()
        if isinstance(x, dict):
            if x.get("t") == "Image":
                gevonden.append(x)
            stapel.extend(x.values())
        elif isinstance(x, list):
            stapel.extend(x)
    return gevonden


def image_file(doel: str, pad: Path) -> Path:
    """The file an image of chapter `pad` shows; refused unless it is in the chapter's folder.

    Only a relative path to a regular png/jpg/jpeg file directly in tekst/ is allowed: no
    URL, no data: URI, no absolute path, no `..`, no symlink.
    """
    map_ = pad.parent
    delen = urlsplit(doel)
    naam = unquote(delen.path)
    if delen.scheme or delen.netloc or not naam or "/" in naam or "\\" in naam or naam[0] == ".":
        raise OutputError(
            f"{pad}: afbeelding '{doel}' geweigerd; een afbeelding moet een bestand in dezelfde "
            "map tekst/ zijn (geen pad naar een andere map, geen internetadres). "
            "Er is niets gewijzigd."
        )
    if Path(naam).suffix.lower() not in IMAGE_TYPES:
        raise OutputError(
            f"{pad}: afbeelding '{doel}' geweigerd; toegestaan zijn alleen "
            f"{', '.join(IMAGE_TYPES)}-bestanden. Er is niets gewijzigd."
        )
    bestand = map_ / naam
    if not bestand.exists() and not bestand.is_symlink():
        raise OutputError(
            f"{pad}: afbeelding '{doel}' bestaat niet in {map_}. Er is niets gewijzigd."
        )
    _check_regular(bestand)
    return bestand


def check_images(doc: dict, pad: Path) -> list[Path]:
    """The image files of a parsed chapter, each checked by image_file."""
    return [image_file(beeld["c"][2][0], pad) for beeld in images(doc)]


def localise_images(doc: dict, pad: Path, werkmap: Path) -> dict:
    """Copy the checked images of a chapter into werkmap/media and point the document there."""
    media = werkmap / "media"
    for beeld in images(doc):
        bestand = image_file(beeld["c"][2][0], pad)
        media.mkdir(exist_ok=True)
        doel = media / f"{pad.stem}-{bestand.name}"
        shutil.copyfile(bestand, doel)
        beeld["c"][2][0] = f"media/{doel.name}"
    return doc


def read_texts(bron: Path) -> tuple[set[str], dict[str, str]]:
    """The files of data/<id>/tekst/ and the text of its Markdown chapters, all checked.

    A symlink or non-regular file (in or as tekst/), a file that is not UTF-8 or a Markdown
    image that is not a png/jpg/jpeg file of tekst/ itself is an UitvoerFout naming it.
    """
    if bron.is_symlink():
        _check_regular(bron)
    if not bron.is_dir():
        return set(), {}
    namen: set[str] = set()
    for pad in sorted(bron.iterdir()):
        if pad.name.startswith("."):
            continue
        _check_regular(pad)
        namen.add(pad.name)
    teksten = {n: read_text_file(bron / n) for n in sorted(namen) if n.endswith(".md")}
    for naam, tekst in teksten.items():
        check_images(parse_markdown(tekst, bron / naam), bron / naam)
    return namen, teksten
