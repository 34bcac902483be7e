"""Open-data publisher of the Shanwei Municipal Transport Bureau (汕尾市交通运输局)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("shanwei-transport-publisher")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
