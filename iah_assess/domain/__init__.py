"""Pydantic models and pure functions: questionnaire, records, scoring, comparison. No I/O."""
