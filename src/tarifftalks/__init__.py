"""Facts, figures, charts and rendering for the Korea-US tariff talks report."""

from tarifftalks.errors import FactError, ParameterError, ReportError

__all__ = ["FactError", "ParameterError", "ReportError"]
