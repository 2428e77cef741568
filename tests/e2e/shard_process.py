"""One bot process of a sharded bot, for the end-to-end tests: `dramabot` itself (its CLI's
`main`), with discord.py pointed at the loopback double and the feed poller's waits shortened.

    python -m tests.e2e.shard_process API_URL GATEWAY_URL TIME_SCALE -- dramabot arguments...
"""

from __future__ import annotations

import sys

import discord
import yarl
from discord.gateway import DiscordWebSocket

from dramabot import cli, client

if __name__ == "__main__":
    api, gateway, time_scale, separator, *arguments = sys.argv[1:]
    assert separator == "--", __doc__
    discord.http.Route.BASE = api
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    defaults = client.DramaBot.__init__.__kwdefaults__
    assert defaults is not None and "feed_time_scale" in defaults
    defaults["feed_time_scale"] = float(time_scale)
    sys.exit(cli.main(arguments))
