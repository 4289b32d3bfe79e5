"""The report layer: results as JSON-ready dicts, Markdown and plain-text tables."""

from deterrence.report.as_dict import result_to_dict
from deterrence.report.markdown import result_to_markdown

__all__ = ["result_to_dict", "result_to_markdown"]
