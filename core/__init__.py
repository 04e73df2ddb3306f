"""What every app shares and no app owns: the client's address, safe redirects, form limits,
spreadsheet-safe downloads and the framework every report screen is built from.

``core`` depends on none of the project's apps; ``crm``, ``campaigns`` and ``website`` may all build on it.
"""
