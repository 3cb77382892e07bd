"""Qt-free domain model of briefings."""
