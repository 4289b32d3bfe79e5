"""The alliance models of issue 12, the ones that need only the concepts of today: each is
checked against its literature in ``tests/test_alliance_models.py`` and has its page and
figures checked in ``tests/test_model_pages.py``."""

ALLIANCE_MODELS = (
    "tripwire",
    "capability-sharing",
    "trigger-scope",
    "entrapment-abandonment",
    "formal-vs-informal",
    "crisis-consultation",
    "alliance-reliability",
    "brinkmanship",
)
