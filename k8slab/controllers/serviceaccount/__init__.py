"""ServiceAccount controllers: a `default` ServiceAccount in every namespace, and (v1.11 style)
token Secrets for each ServiceAccount."""

from .serviceaccounts_controller import ServiceAccountsController
from .tokens_controller import TokensController

__all__ = ["ServiceAccountsController", "TokensController"]
