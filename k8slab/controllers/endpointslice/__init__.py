"""The EndpointSlice controller: EndpointSlices for every Service with a selector."""

from .endpointslice_controller import EndpointSliceController

__all__ = ["EndpointSliceController"]
