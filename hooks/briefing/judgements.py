"""Words of estimative probability and confidence (US ICD 203) as readers see them.

The vocabulary is fixed here, not taken from YAML, so the badge's text and tooltip need no escaping
beyond the once every attribute gets; the model's enums already reject unknown values.
"""

from __future__ import annotations

from .escape import html_attr, html_text

from .model import Confidence, Judgement, Likelihood

LIKELIHOOD: dict[Likelihood, tuple[str, str]] = {  # label, probability range
    Likelihood.almost_no_chance: ("Almost no chance", "1–5%"),
    Likelihood.very_unlikely: ("Very unlikely", "5–20%"),
    Likelihood.unlikely: ("Unlikely", "20–45%"),
    Likelihood.roughly_even_chance: ("Roughly even chance", "45–55%"),
    Likelihood.likely: ("Likely", "55–80%"),
    Likelihood.very_likely: ("Very likely", "80–95%"),
    Likelihood.almost_certain: ("Almost certain", "95–99%"),
}
CONFIDENCE: dict[Confidence, str] = {
    Confidence.low: "the sources are scant, questionable or fragmentary, or the reasoning rests on weak assumptions",
    Confidence.moderate: "the sources are credible and the reasoning plausible, but not corroborated enough for more",
    Confidence.high: "well-corroborated sources and sound reasoning; the judgement could still be wrong",
}


def meaning(judgement: Judgement) -> str:
    """The badge's explanation in words, for its tooltip and for screen readers."""
    parts = []
    if judgement.likelihood is not None:
        label, chance = LIKELIHOOD[judgement.likelihood]
        parts.append(f"{label}: a {chance} chance that this holds.")
    if judgement.confidence is not None:
        parts.append(f"{judgement.confidence.value.capitalize()} confidence: {CONFIDENCE[judgement.confidence]}.")
    return " ".join(parts)


def label(judgement: Judgement) -> str:
    parts = []
    if judgement.likelihood is not None:
        parts.append(LIKELIHOOD[judgement.likelihood][0])
    if judgement.confidence is not None:
        parts.append(f"{judgement.confidence.value} confidence")
    return " · ".join(parts)


def badge(judgement: Judgement) -> str:
    """Inline HTML: the short label, its meaning as a tooltip (title) and, for print and screen
    readers, in a visually hidden span (a title alone is not read reliably and never printed)."""
    if judgement.likelihood is None and judgement.confidence is None:
        return ""
    text = html_text(label(judgement))
    full = meaning(judgement)
    return (
        f'<span class="briefing-icd" title="{html_attr(full)}">{text}'
        f'<span class="briefing-icd__meaning"> ({html_text(full)})</span></span>'
    )
