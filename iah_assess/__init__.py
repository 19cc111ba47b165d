"""iah-assess: an offline self-assessment of Internationalisation at Home for HEI leaders."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("iah-assess")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
