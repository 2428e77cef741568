-- A counter that moves whenever a title or a name changes: the name index snapshot saved beside
-- the database is only reused while the counter still has the value it was saved with.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('names_generation', 0);

CREATE TRIGGER drama_titles_added AFTER INSERT ON drama_titles
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'names_generation'; END;
CREATE TRIGGER drama_titles_removed AFTER DELETE ON drama_titles
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'names_generation'; END;
CREATE TRIGGER dramas_renamed AFTER UPDATE OF title ON dramas
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'names_generation'; END;
CREATE TRIGGER person_names_added AFTER INSERT ON person_names
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'names_generation'; END;
CREATE TRIGGER person_names_removed AFTER DELETE ON person_names
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'names_generation'; END;
CREATE TRIGGER people_renamed AFTER UPDATE OF name ON people
BEGIN UPDATE meta SET value = value + 1 WHERE key = 'names_generation'; END;
