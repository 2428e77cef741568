-- Members: what each Discord user keeps with the bot. Favourites, marks, follows and settings
-- belong to the user; ratings to the user within a server (guild 0: outside any server, such as
-- a DM or the console). `/me forget` deletes every row of a user in these tables.
CREATE TABLE favourites (
    user_id   INTEGER NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    added_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (user_id, person_id)
) WITHOUT ROWID;
CREATE INDEX favourites_by_person ON favourites(person_id);

-- `seen` or `want` (a title is one or the other: seeing it ends wanting it).
CREATE TABLE marks (
    user_id  INTEGER NOT NULL,
    drama_id INTEGER NOT NULL REFERENCES dramas(id) ON DELETE CASCADE,
    mark     TEXT NOT NULL CHECK (mark IN ('seen', 'want')),
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (user_id, drama_id)
) WITHOUT ROWID;
CREATE INDEX marks_by_drama ON marks(drama_id, mark, user_id);

CREATE TABLE ratings (
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    drama_id INTEGER NOT NULL REFERENCES dramas(id) ON DELETE CASCADE,
    score    REAL NOT NULL CHECK (score BETWEEN 0 AND 5 AND score * 2 = CAST(score * 2 AS INTEGER)),
    note     TEXT CHECK (note IS NULL OR length(note) <= 200),
    rated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (guild_id, user_id, drama_id)
) WITHOUT ROWID;
CREATE INDEX ratings_by_user ON ratings(user_id);

-- A drama or an actor a user follows: a new review of it pings them, if they opted in.
CREATE TABLE follows (
    user_id   INTEGER NOT NULL,
    entity    TEXT NOT NULL CHECK (entity IN ('drama', 'person')),
    entity_id INTEGER NOT NULL,
    PRIMARY KEY (user_id, entity, entity_id)
) WITHOUT ROWID;
CREATE INDEX follows_by_entity ON follows(entity, entity_id);

CREATE TABLE member_settings (
    user_id     INTEGER PRIMARY KEY,
    pings       INTEGER NOT NULL DEFAULT 0,
    share_taste INTEGER NOT NULL DEFAULT 0
);

-- The servers a user has used the bot in (no members intent needed): "members here" are these.
CREATE TABLE guild_members (
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id)
) WITHOUT ROWID;
CREATE INDEX guild_members_by_user ON guild_members(user_id);

-- How many members of a server marked a drama seen, kept by the triggers below, so that a card
-- counts them in one lookup however many marks there are. (A mark is changed by deleting and
-- inserting it, so no trigger on UPDATE is needed.)
CREATE TABLE guild_seen (
    guild_id INTEGER NOT NULL,
    drama_id INTEGER NOT NULL,
    members  INTEGER NOT NULL,
    PRIMARY KEY (guild_id, drama_id)
) WITHOUT ROWID;

CREATE TRIGGER seen_added AFTER INSERT ON marks WHEN new.mark = 'seen'
BEGIN
    INSERT INTO guild_seen (guild_id, drama_id, members)
    SELECT guild_id, new.drama_id, 1 FROM guild_members WHERE user_id = new.user_id
    ON CONFLICT (guild_id, drama_id) DO UPDATE SET members = members + 1;
END;
CREATE TRIGGER seen_removed AFTER DELETE ON marks WHEN old.mark = 'seen'
BEGIN
    UPDATE guild_seen SET members = members - 1
    WHERE drama_id = old.drama_id
      AND guild_id IN (SELECT guild_id FROM guild_members WHERE user_id = old.user_id);
END;
CREATE TRIGGER member_joined AFTER INSERT ON guild_members
BEGIN
    INSERT INTO guild_seen (guild_id, drama_id, members)
    SELECT new.guild_id, drama_id, 1 FROM marks WHERE user_id = new.user_id AND mark = 'seen'
    ON CONFLICT (guild_id, drama_id) DO UPDATE SET members = members + 1;
END;
CREATE TRIGGER member_left AFTER DELETE ON guild_members
BEGIN
    UPDATE guild_seen SET members = members - 1
    WHERE guild_id = old.guild_id
      AND drama_id IN (SELECT drama_id FROM marks WHERE user_id = old.user_id AND mark = 'seen');
END;

-- Each server's ratings of each drama, counted and summed by the triggers below: a card's and a
-- watchlist's members' averages are one lookup a drama, however many ratings there are.
CREATE TABLE guild_ratings (
    guild_id INTEGER NOT NULL,
    drama_id INTEGER NOT NULL,
    ratings  INTEGER NOT NULL,
    total    REAL NOT NULL,
    PRIMARY KEY (guild_id, drama_id)
) WITHOUT ROWID;

CREATE TRIGGER rating_added AFTER INSERT ON ratings
BEGIN
    INSERT INTO guild_ratings (guild_id, drama_id, ratings, total)
    VALUES (new.guild_id, new.drama_id, 1, new.score)
    ON CONFLICT (guild_id, drama_id) DO UPDATE
    SET ratings = ratings + 1, total = total + excluded.total;
END;
CREATE TRIGGER rating_removed AFTER DELETE ON ratings
BEGIN
    UPDATE guild_ratings SET ratings = ratings - 1, total = total - old.score
    WHERE guild_id = old.guild_id AND drama_id = old.drama_id;
END;
CREATE TRIGGER rating_changed AFTER UPDATE OF score ON ratings
BEGIN
    UPDATE guild_ratings SET total = total - old.score + new.score
    WHERE guild_id = new.guild_id AND drama_id = new.drama_id;
END;
