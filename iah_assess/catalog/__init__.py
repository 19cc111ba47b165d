"""Finding, reading and validating questionnaire files and their translations."""
