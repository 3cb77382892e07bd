"""File › Import Article's window: the article and the actors to find in it."""
