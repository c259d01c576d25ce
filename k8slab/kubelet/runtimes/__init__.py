"""Container runtimes behind the CRI: `sim` (the default; containers are programs on the virtual
clock, images come from `catalog`, commands run in the tiny `shell`)."""

from .catalog import CatalogImage, ImageCatalog, parse_reference
from .sim import SimRuntime

__all__ = ["SimRuntime", "ImageCatalog", "CatalogImage", "parse_reference"]
