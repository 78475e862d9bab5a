"""Turn matched figures into facts (placeholder: being written)."""
