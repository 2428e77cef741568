-- The id each source gives a drama or a person (MyDramaList `kdrama_id` / `actor_id`, TMDB
-- `tmdb_id`): two records of one source with different ids are never merged into one entity.
CREATE TABLE source_ids (
    entity    TEXT NOT NULL CHECK (entity IN ('drama', 'person')),
    source    TEXT NOT NULL,
    source_id TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    PRIMARY KEY (entity, source, source_id)
) WITHOUT ROWID;
CREATE INDEX source_ids_by_entity ON source_ids(entity, entity_id);
