"""The endpoints controller: an Endpoints object per Service with a selector."""

from .endpoints_controller import EndpointsController

__all__ = ["EndpointsController"]
