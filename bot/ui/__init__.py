"""How answers look: discord.Embed/View for Discord, plain text and JSON for the console and CLI.
The only package that knows how an answer is presented."""
