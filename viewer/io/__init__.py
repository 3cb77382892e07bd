"""Qt-free edges: loading, validation, storage, export and conversion."""
