"""The alert pipeline: detect fact-base changes, queue alerts in the store, deliver them.

No discord import: delivery talks to Discord through the small ``Messenger`` protocol, which
the Discord layer implements.
"""
