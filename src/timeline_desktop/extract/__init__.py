"""Finding dated events, people and places in source text."""
