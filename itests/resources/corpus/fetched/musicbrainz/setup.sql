-- Ours (not upstream): what MusicBrainz's admin/InitDb.pl does before it runs the upstream scripts.
-- The upstream scripts name their objects without a schema and expect search_path = musicbrainz, public
-- (InitDb.pl sets it for the role); a later call may run on another session, so the database keeps it too.
CREATE SCHEMA musicbrainz;
DO $$ BEGIN
  EXECUTE format('ALTER DATABASE %I SET search_path = musicbrainz, public', current_database());
END $$;
SET search_path = musicbrainz, public;
