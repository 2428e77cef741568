"""Discord glue: one module per feature area, loaded as extensions by `DramaBot.setup_hook`.
Cogs parse options, call `bot.service`, render through `bot.ui` and send one reply."""
