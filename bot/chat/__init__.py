"""The Discord layer: the only package that imports discord.py.

It is a thin shell over the core: commands hand their options to ``bot.core.replies.answers`` and
post the payload it returns, unchanged, so the bot says exactly what ``factbot ask --json`` prints.
"""
