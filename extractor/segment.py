"""Sentence and word segmentation (placeholder: being written)."""
