-- Members: what each Discord user keeps with the bot (see SQLite's 0007 for what each table
-- means). The per-server counts are kept by the same triggers, written in PL/pgSQL.
CREATE TABLE favourites (
    user_id   BIGINT NOT NULL,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    added_at  TEXT NOT NULL
        DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
    PRIMARY KEY (user_id, person_id)
);
CREATE INDEX favourites_by_person ON favourites(person_id);

CREATE TABLE marks (
    user_id  BIGINT NOT NULL,
    drama_id BIGINT NOT NULL REFERENCES dramas(id) ON DELETE CASCADE,
    mark     TEXT NOT NULL CHECK (mark IN ('seen', 'want')),
    added_at TEXT NOT NULL
        DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
    PRIMARY KEY (user_id, drama_id)
);
CREATE INDEX marks_by_drama ON marks(drama_id, mark, user_id);

CREATE TABLE ratings (
    guild_id BIGINT NOT NULL,
    user_id  BIGINT NOT NULL,
    drama_id BIGINT NOT NULL REFERENCES dramas(id) ON DELETE CASCADE,
    score    DOUBLE PRECISION NOT NULL
        CHECK (score BETWEEN 0 AND 5 AND score * 2 = floor(score * 2)),
    note     TEXT CHECK (note IS NULL OR length(note) <= 200),
    rated_at TEXT NOT NULL
        DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
    PRIMARY KEY (guild_id, user_id, drama_id)
);
CREATE INDEX ratings_by_user ON ratings(user_id);

CREATE TABLE follows (
    user_id   BIGINT NOT NULL,
    entity    TEXT NOT NULL CHECK (entity IN ('drama', 'person')),
    entity_id BIGINT NOT NULL,
    PRIMARY KEY (user_id, entity, entity_id)
);
CREATE INDEX follows_by_entity ON follows(entity, entity_id);

CREATE TABLE member_settings (
    user_id     BIGINT PRIMARY KEY,
    pings       BIGINT NOT NULL DEFAULT 0,
    share_taste BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE guild_members (
    guild_id BIGINT NOT NULL,
    user_id  BIGINT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
CREATE INDEX guild_members_by_user ON guild_members(user_id);

CREATE TABLE guild_seen (
    guild_id BIGINT NOT NULL,
    drama_id BIGINT NOT NULL,
    members  BIGINT NOT NULL,
    PRIMARY KEY (guild_id, drama_id)
);

CREATE FUNCTION seen_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO guild_seen (guild_id, drama_id, members)
    SELECT guild_id, NEW.drama_id, 1 FROM guild_members WHERE user_id = NEW.user_id
    ON CONFLICT (guild_id, drama_id) DO UPDATE SET members = guild_seen.members + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER seen_added AFTER INSERT ON marks
    FOR EACH ROW WHEN (NEW.mark = 'seen') EXECUTE FUNCTION seen_added();

CREATE FUNCTION seen_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE guild_seen SET members = members - 1
    WHERE drama_id = OLD.drama_id
      AND guild_id IN (SELECT guild_id FROM guild_members WHERE user_id = OLD.user_id);
    RETURN NULL;
END $$;
CREATE TRIGGER seen_removed AFTER DELETE ON marks
    FOR EACH ROW WHEN (OLD.mark = 'seen') EXECUTE FUNCTION seen_removed();

CREATE FUNCTION member_joined() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO guild_seen (guild_id, drama_id, members)
    SELECT NEW.guild_id, drama_id, 1 FROM marks WHERE user_id = NEW.user_id AND mark = 'seen'
    ON CONFLICT (guild_id, drama_id) DO UPDATE SET members = guild_seen.members + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER member_joined AFTER INSERT ON guild_members
    FOR EACH ROW EXECUTE FUNCTION member_joined();

CREATE FUNCTION member_left() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE guild_seen SET members = members - 1
    WHERE guild_id = OLD.guild_id
      AND drama_id IN (SELECT drama_id FROM marks WHERE user_id = OLD.user_id AND mark = 'seen');
    RETURN NULL;
END $$;
CREATE TRIGGER member_left AFTER DELETE ON guild_members
    FOR EACH ROW EXECUTE FUNCTION member_left();

CREATE TABLE guild_ratings (
    guild_id BIGINT NOT NULL,
    drama_id BIGINT NOT NULL,
    ratings  BIGINT NOT NULL,
    total    DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (guild_id, drama_id)
);

CREATE FUNCTION rating_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO guild_ratings (guild_id, drama_id, ratings, total)
    VALUES (NEW.guild_id, NEW.drama_id, 1, NEW.score)
    ON CONFLICT (guild_id, drama_id) DO UPDATE
    SET ratings = guild_ratings.ratings + 1, total = guild_ratings.total + EXCLUDED.total;
    RETURN NULL;
END $$;
CREATE TRIGGER rating_added AFTER INSERT ON ratings
    FOR EACH ROW EXECUTE FUNCTION rating_added();

CREATE FUNCTION rating_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE guild_ratings SET ratings = ratings - 1, total = total - OLD.score
    WHERE guild_id = OLD.guild_id AND drama_id = OLD.drama_id;
    RETURN NULL;
END $$;
CREATE TRIGGER rating_removed AFTER DELETE ON ratings
    FOR EACH ROW EXECUTE FUNCTION rating_removed();

CREATE FUNCTION rating_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE guild_ratings SET total = total - OLD.score + NEW.score
    WHERE guild_id = NEW.guild_id AND drama_id = NEW.drama_id;
    RETURN NULL;
END $$;
CREATE TRIGGER rating_changed AFTER UPDATE OF score ON ratings
    FOR EACH ROW EXECUTE FUNCTION rating_changed();
