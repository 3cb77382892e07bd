"""The Claims panel: every claim, sortable and filterable, and the claims legend."""
