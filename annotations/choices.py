"""The vocabulary of the models without the tables: their choices and the role sets, for views and the API.

Views and the API read rows through selectors and may not import annotations.models (an
import-linter contract in pyproject.toml), so that a query cannot be written there by
accident; what they compare those rows with (a state, a decision, a role set) they import
from here. Choices only: a test checks that every name here is a TextChoices of models.py.
"""

from annotations.models import AnnotationState, ArticleStatus, Decision, QuoteState, Role

__all__ = ["AnnotationState", "ArticleStatus", "Decision", "QuoteState", "Role"]
