-- A counter that moves whenever a title or a name changes (see SQLite's 0003). Here it moves once
-- per transaction, whatever the number of rows: `changed_in` remembers the transaction, since
-- updating one row once per name of a big import would grow a long chain of row versions.
CREATE TABLE meta (
    key        TEXT PRIMARY KEY,
    value      BIGINT NOT NULL,
    changed_in BIGINT
);
INSERT INTO meta (key, value) VALUES ('names_generation', 0);

CREATE FUNCTION names_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE meta SET value = value + 1, changed_in = txid_current()
    WHERE key = 'names_generation' AND changed_in IS DISTINCT FROM txid_current();
    RETURN NULL;
END $$;

CREATE TRIGGER drama_titles_changed AFTER INSERT OR DELETE ON drama_titles
    FOR EACH ROW EXECUTE FUNCTION names_changed();
CREATE TRIGGER dramas_renamed AFTER UPDATE OF title ON dramas
    FOR EACH ROW EXECUTE FUNCTION names_changed();
CREATE TRIGGER person_names_changed AFTER INSERT OR DELETE ON person_names
    FOR EACH ROW EXECUTE FUNCTION names_changed();
CREATE TRIGGER people_renamed AFTER UPDATE OF name ON people
    FOR EACH ROW EXECUTE FUNCTION names_changed();
