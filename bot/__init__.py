"""dramabot: a K-drama review blog served in Discord and in an offline console."""
