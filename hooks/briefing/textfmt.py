"""Former names of the escaping functions, kept so existing imports keep working.

The escaping boundary lives in `escape.py`; new code imports from there.
"""

from __future__ import annotations

from .escape import first_sentence, front_matter, html_attr, html_text, md_block, md_text, md_to_text

plain = md_text
markdown = md_block
attr = html_attr
text_html = html_text
yaml_string = front_matter
plain_text = md_to_text

__all__ = ["plain", "markdown", "attr", "text_html", "yaml_string", "plain_text", "first_sentence"]
