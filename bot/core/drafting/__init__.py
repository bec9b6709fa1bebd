"""Drafting records from an article: the clauses no record quotes yet become draft facts with
their quote, subjects, date and stance filled in, for a maintainer to finish in their own words."""
