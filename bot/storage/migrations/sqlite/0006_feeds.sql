-- A review keeps its post's identity: the feed entry id (Blogger's
-- `tag:blogger.com,1999:blog-….post-…`), and when the blog published and last updated it.
ALTER TABLE reviews ADD COLUMN entry_id TEXT;
ALTER TABLE reviews ADD COLUMN published_at TEXT;
ALTER TABLE reviews ADD COLUMN updated_at TEXT;
CREATE UNIQUE INDEX reviews_by_entry ON reviews(entry_id) WHERE entry_id IS NOT NULL;

-- The feeds the running bot follows, with what the last poll left: the validators of a
-- conditional GET, whether the first poll (import all, announce nothing) is done, and errors.
CREATE TABLE feeds (
    url              TEXT PRIMARY KEY,
    interval_minutes INTEGER NOT NULL DEFAULT 15 CHECK (interval_minutes >= 1),
    etag             TEXT,
    last_modified    TEXT,
    primed           INTEGER NOT NULL DEFAULT 0,
    last_poll_at     TEXT,
    last_ok_at       TEXT,
    last_error       TEXT,
    failures         INTEGER NOT NULL DEFAULT 0,
    added_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Every entry a followed feed has shown, as the feed last dated it; `drama_id` is the drama its
-- review is about (NULL when the entry is not a review); `gone` once it left the feed.
CREATE TABLE feed_entries (
    feed_url   TEXT NOT NULL REFERENCES feeds(url) ON DELETE CASCADE,
    entry_id   TEXT NOT NULL,
    updated_at TEXT,
    drama_id   INTEGER,
    gone       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (feed_url, entry_id)
) WITHOUT ROWID;

-- Reviews waiting to be announced, oldest first; `edits_only` for an edited post, whose
-- announcements (if any) are edited and which is not announced anew.
CREATE TABLE announcement_queue (
    seq        INTEGER PRIMARY KEY,
    drama_id   INTEGER NOT NULL UNIQUE,
    edits_only INTEGER NOT NULL DEFAULT 0
);

-- The message announcing a review in a channel, and the review text it shows: an edited post
-- edits this message. A row is written before the message is sent (NULL id), so a crash
-- between the two never posts the review twice.
CREATE TABLE announcements (
    drama_id     INTEGER NOT NULL,
    channel_id   INTEGER NOT NULL,
    message_id   INTEGER,
    content_hash TEXT NOT NULL,
    PRIMARY KEY (drama_id, channel_id)
) WITHOUT ROWID;

-- Jobs that must run in one process only (the feed poller): who holds each, until when.
CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at REAL NOT NULL
) WITHOUT ROWID;
