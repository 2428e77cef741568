-- Per-server settings: the channel where new reviews are announced.
CREATE TABLE guild_settings (
    guild_id            BIGINT PRIMARY KEY,
    announce_channel_id BIGINT
);
