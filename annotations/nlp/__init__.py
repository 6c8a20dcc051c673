"""Text pipeline of Axis: plain Python, no Django."""

from annotations.nlp.pipeline import analyze

__all__ = ["analyze"]
