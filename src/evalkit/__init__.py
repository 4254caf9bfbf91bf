"""evalkit: reproducible evaluation of jaarplannen of samenwerkingsverbanden passend onderwijs."""

from evalkit.lezen import laad_alle, laad_jaarplan, lees_jaarplan

__all__ = ["laad_alle", "laad_jaarplan", "lees_jaarplan", "load"]


def __getattr__(name: str):
    """Provide `evalkit.load` lazily, so CLI commands do not pay for importing pandas."""
    if name == "load":
        from evalkit.tables import load

        return load
    raise AttributeError(f"module 'evalkit' has no attribute {name!r}")
