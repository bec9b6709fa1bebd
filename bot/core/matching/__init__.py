"""Names to entities (typo-tolerant matching) and free-text search over the facts."""
