"""What every app shares and no app owns: the client's address, safe redirects, form limits.

``core`` depends on none of the project's apps; ``crm``, ``campaigns`` and ``website`` may all import it.
"""
