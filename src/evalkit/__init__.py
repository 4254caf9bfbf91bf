"""evalkit: reproducible evaluation of jaarplannen of samenwerkingsverbanden passend onderwijs."""

from evalkit.data.load import load_all, load_jaarplan, read_jaarplan

__all__ = ["load", "load_all", "load_jaarplan", "read_jaarplan"]


def __getattr__(name: str):
    """Provide `evalkit.load` lazily, so CLI commands do not pay for importing pandas."""
    if name == "load":
        from evalkit.tools.export import load

        return load
    raise AttributeError(f"module 'evalkit' has no attribute {name!r}")
