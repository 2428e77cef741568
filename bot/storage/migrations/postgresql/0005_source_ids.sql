-- The id each source gives a drama or a person (see SQLite's 0005).
CREATE TABLE source_ids (
    entity    TEXT NOT NULL CHECK (entity IN ('drama', 'person')),
    source    TEXT NOT NULL,
    source_id TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    PRIMARY KEY (entity, source, source_id)
);
CREATE INDEX source_ids_by_entity ON source_ids(entity, entity_id);
