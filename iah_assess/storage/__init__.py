"""SQLite: the one connection factory, migrations, the workspace repository, backups."""
