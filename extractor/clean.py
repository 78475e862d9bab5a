"""Normalise text and remove page chrome (placeholder: being written)."""


def clean_text(text: str) -> str:
    return text
