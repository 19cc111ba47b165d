"""iah-assess: an offline self-assessment of Internationalisation at Home for HEI leaders."""

# The one place the version is written; the build reads it from here (tool.hatch.version),
# which spares every start of the app a package-metadata lookup.
__version__ = "0.1.0"
