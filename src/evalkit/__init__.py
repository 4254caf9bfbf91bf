"""evalkit: reproducible evaluation of jaarplannen of samenwerkingsverbanden passend onderwijs."""

from evalkit.lezen import laad_alle, laad_jaarplan, lees_jaarplan

__all__ = ["laad_alle", "laad_jaarplan", "lees_jaarplan"]
