"""Doubles and fixtures the test layers share: Discord's network edge, limits, posts."""
