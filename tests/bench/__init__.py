"""Benchmarks that need the loopback Discord (``make bench`` runs them after ``factbot bench``)."""
