"""PySide6 lives only here: the main window, views, Qt item models and dialogs."""
