"""Publishing alerts posted in announcement channels, so that other servers can follow them.

A server can follow an announcement channel into its own channels without inviting the bot;
Discord copies a message to the followers only once it is published (crossposted). Publishing
comes after the alert is posted and recorded as sent: the channel has the alert whatever
happens here. It is retried once after a short failure or a short rate limit; past that (Discord
publishes at most about 10 messages an hour per channel) the followers miss that alert, and the
log says so.
"""

from __future__ import annotations

import asyncio
import logging

from bot.pipeline.outcomes import (
    AlreadySentError,
    ChannelUnavailableError,
    Messenger,
    PayloadRejectedError,
    RateLimitedError,
    TransientError,
    UnauthorizedError,
)
from bot.pipeline.pacing import Pacer

__all__ = ["publish"]

log = logging.getLogger(__name__)

SHORT_WAIT = 10.0  # seconds: a rate limit this short is waited out once, a longer one is not
RETRY_AFTER_FAILURE = 2.0


async def publish(messenger: Messenger, pacer: Pacer, channel_id: int,
                  message_id: int) -> bool:
    """Crosspost ``message_id`` (in the global request budget); True when the followers got it
    (or already had it). A failure is logged, never raised: the alert itself was delivered."""
    for attempt in (1, 2):
        await pacer.slot(None)
        try:
            await messenger.crosspost(channel_id, message_id)
        except AlreadySentError:
            return True  # already published (40033), or deleted meanwhile (10008)
        except RateLimitedError as error:
            if error.globally:
                pacer.hold(None, error.retry_after)
            if attempt == 1 and error.retry_after <= SHORT_WAIT:
                await asyncio.sleep(error.retry_after)
                continue
            why = f"Discord's publishing limit for the channel (retry after " \
                  f"{error.retry_after:.0f} s)"
        except TransientError as error:
            if attempt == 1:
                await asyncio.sleep(RETRY_AFTER_FAILURE)
                continue
            why = str(error)
        except (ChannelUnavailableError, PayloadRejectedError, UnauthorizedError) as error:
            why = str(error)
        else:
            return True
        log.warning("alert message %d in announcement channel %d was not published to the "
                    "servers following it: %s", message_id, channel_id, why)
        return False
    return False
