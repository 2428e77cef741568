-- The catalogue (dramas, people, credits) and the reviews with their scores.
CREATE TABLE dramas (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL CHECK (length(title) > 0),
    year            INTEGER,
    kind            TEXT NOT NULL DEFAULT 'drama' CHECK (kind IN ('drama', 'film')),
    country         TEXT,
    episodes        INTEGER CHECK (episodes IS NULL OR episodes > 0),
    episode_minutes INTEGER CHECK (episode_minutes IS NULL OR episode_minutes > 0),
    genres          TEXT NOT NULL DEFAULT '[]',  -- JSON list of genre names
    network         TEXT,
    synopsis        TEXT
);

-- Every title a drama is known by, the canonical one included; `key` is names.entity_key.
CREATE TABLE drama_titles (
    drama_id INTEGER NOT NULL REFERENCES dramas(id) ON DELETE CASCADE,
    title    TEXT NOT NULL,
    key      TEXT NOT NULL,
    UNIQUE (drama_id, key)
);
CREATE INDEX drama_titles_by_key ON drama_titles(key);

CREATE TABLE people (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) > 0)
);

CREATE TABLE person_names (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    key       TEXT NOT NULL,
    UNIQUE (person_id, key)
);
CREATE INDEX person_names_by_key ON person_names(key);

CREATE TABLE reviews (
    id              INTEGER PRIMARY KEY,
    drama_id        INTEGER NOT NULL UNIQUE REFERENCES dramas(id),
    posted_on       TEXT,
    headline        TEXT NOT NULL,
    body            TEXT NOT NULL,
    source_name     TEXT NOT NULL,
    content_hash    TEXT NOT NULL,
    episodes        INTEGER,
    episode_minutes INTEGER,
    imported_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE scores (
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    reviewer  TEXT NOT NULL,
    score     REAL NOT NULL CHECK (score BETWEEN 0 AND 5),
    PRIMARY KEY (review_id, reviewer)
) WITHOUT ROWID;

-- A catalogue credit has no review; a review's cast and the works it lists belong to the review
-- and go with it when an edited post replaces it.
CREATE TABLE credits (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    drama_id  INTEGER NOT NULL REFERENCES dramas(id) ON DELETE CASCADE,
    role      TEXT,
    billing   TEXT NOT NULL CHECK (billing IN ('lead', 'support', 'guest', 'mention')),
    review_id INTEGER REFERENCES reviews(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX credits_in_catalogue ON credits(person_id, drama_id) WHERE review_id IS NULL;
CREATE UNIQUE INDEX credits_in_review ON credits(review_id, person_id, drama_id)
    WHERE review_id IS NOT NULL;
CREATE INDEX credits_by_drama ON credits(drama_id);
CREATE INDEX credits_by_person ON credits(person_id);
