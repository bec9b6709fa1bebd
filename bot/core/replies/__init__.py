"""Everything a user reads: the command table, cards, lists, notices and alert messages,
as Discord-shaped payloads within Discord's limits."""
