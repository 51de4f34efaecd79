-- Ours (not upstream): a few rows the probes need, inserted through MusicBrainz's own triggers
-- (artist_meta, recording_meta, release_meta, ref counts and pending updates are filled by them).
SET search_path = musicbrainz, public;
INSERT INTO editor (id, name, password, ha1, email, email_confirm_date, member_since)
  VALUES (1, 'alice', '{CLEARTEXT}x', 'x', 'alice@example.org', '2020-01-01', '2020-01-01'),
         (2, 'bob', '{CLEARTEXT}x', 'x', 'bob@example.org', '2020-01-01', '2020-01-01');
INSERT INTO area (id, gid, name) VALUES (1, '00000000-0000-0000-0000-00000000a001', 'Utopia'),
                                         (2, '00000000-0000-0000-0000-00000000a002', 'Atlantis');
INSERT INTO country_area (area) VALUES (1), (2);
INSERT INTO artist_credit (id, gid, name, artist_count, ref_count)
  VALUES (1, '00000000-0000-0000-0000-0000000ac001', 'Artist A', 1, 0),
         (2, '00000000-0000-0000-0000-0000000ac002', 'Artist B', 1, 0);
INSERT INTO artist (id, gid, name, sort_name, last_updated)
  VALUES (1, '00000000-0000-0000-0000-0000000a0001', 'Various Artists', 'Various Artists', '2020-01-01'),
         (3, '00000000-0000-0000-0000-0000000a0003', 'Artist A', 'A, Artist', '2020-01-01'),
         (4, '00000000-0000-0000-0000-0000000a0004', 'Artist B', 'B, Artist', '2020-01-01');
INSERT INTO artist_credit_name (artist_credit, position, artist, name, join_phrase)
  VALUES (1, 0, 3, 'Artist A', ''), (2, 0, 4, 'Artist B', '');
INSERT INTO label (id, gid, name, last_updated)
  VALUES (1, '00000000-0000-0000-0000-0000000b0001', 'Label One', '2020-01-01');
INSERT INTO release_group (id, gid, name, artist_credit, last_updated)
  VALUES (1, '00000000-0000-0000-0000-0000000c0001', 'Album', 1, '2020-01-01');
INSERT INTO release (id, gid, name, artist_credit, release_group, last_updated)
  VALUES (1, '00000000-0000-0000-0000-0000000d0001', 'Album', 1, 1, '2020-01-01'),
         (2, '00000000-0000-0000-0000-0000000d0002', 'Album (reissue)', 1, 1, '2020-01-01');
INSERT INTO recording (id, gid, name, artist_credit, length, last_updated)
  VALUES (1, '00000000-0000-0000-0000-0000000e0001', 'Song', 1, 180000, '2020-01-01'),
         (2, '00000000-0000-0000-0000-0000000e0002', 'Orphan', 2, 1000, '2020-01-01');
INSERT INTO medium (id, gid, release, position, track_count)
  VALUES (1, '00000000-0000-0000-0000-0000000f0001', 1, 1, 1);
INSERT INTO track (id, gid, recording, medium, position, number, name, artist_credit, length)
  VALUES (1, '00000000-0000-0000-0000-000000010001', 1, 1, 1, '1', 'Song', 1, 180000);
INSERT INTO release_country (release, country, date_year) VALUES (1, 1, 2001);
INSERT INTO tag (id, name) VALUES (1, 'rock'), (2, 'jazz');
INSERT INTO artist_tag_raw (artist, editor, tag, is_upvote) VALUES (3, 1, 1, TRUE);
INSERT INTO recording_tag_raw (recording, editor, tag, is_upvote) VALUES (1, 1, 1, TRUE);
INSERT INTO label_tag_raw (label, editor, tag, is_upvote) VALUES (1, 1, 2, TRUE);
INSERT INTO artist_rating_raw (artist, editor, rating) VALUES (3, 1, 80);
INSERT INTO label_rating_raw (label, editor, rating) VALUES (1, 1, 60);
INSERT INTO url (id, gid, url, last_updated)
  VALUES (1, '00000000-0000-0000-0000-000000020001', 'https://example.org/a', '2020-01-01'),
         (2, '00000000-0000-0000-0000-000000020002', 'https://example.org/b', '2020-01-01');
INSERT INTO link_type (id, gid, entity_type0, entity_type1, name, link_phrase, reverse_link_phrase,
                       long_link_phrase, has_dates, is_deprecated)
  VALUES (1, '00000000-0000-0000-0000-000000030001', 'artist', 'url', 'homepage', 'homepage', 'homepage of', 'has a homepage', TRUE, FALSE),
         (2, '00000000-0000-0000-0000-000000030002', 'artist', 'recording', 'performer', 'performed', 'performed by', 'performed', TRUE, FALSE);
INSERT INTO link (id, link_type) VALUES (1, 1), (2, 2), (3, 1);
INSERT INTO l_artist_url (id, link, entity0, entity1, last_updated) VALUES (1, 1, 3, 1, '2020-01-01'), (2, 3, 4, 2, '2020-01-01');
INSERT INTO l_artist_recording (id, link, entity0, entity1, last_updated) VALUES (1, 2, 3, 1, '2020-01-01');
INSERT INTO edit (id, editor, type, status, expire_time, open_time)
  VALUES (1, 1, 1, 1, '2030-01-01', '2020-01-01');
INSERT INTO edit_artist (edit, artist) VALUES (1, 3);
INSERT INTO place (id, gid, name, last_updated) VALUES (1, '00000000-0000-0000-0000-000000040001', 'Hall', '2020-01-01');
INSERT INTO work (id, gid, name, last_updated) VALUES (1, '00000000-0000-0000-0000-000000050001', 'Opus 1', '2020-01-01');
INSERT INTO event (id, gid, name, last_updated) VALUES (1, '00000000-0000-0000-0000-000000060001', 'Festival', '2020-01-01');
INSERT INTO url (id, gid, url, last_updated)
  VALUES (3, '00000000-0000-0000-0000-000000020003', 'https://example.org/label', '2020-01-01');
INSERT INTO link_type (id, gid, entity_type0, entity_type1, name, link_phrase, reverse_link_phrase,
                       long_link_phrase, has_dates, is_deprecated)
  VALUES (3, '00000000-0000-0000-0000-000000030003', 'label', 'url', 'official site', 'site', 'site of', 'has a site', TRUE, FALSE);
INSERT INTO link (id, link_type) VALUES (4, 3);
INSERT INTO l_label_url (id, link, entity0, entity1, last_updated) VALUES (1, 4, 1, 3, '2020-01-01');
INSERT INTO alternative_track (id, name, artist_credit, ref_count) VALUES (1, 'Song (alt)', 1, 0);
-- artist_release and artist_release_group are kept up to date by triggers only once they have rows
-- (admin/BuildMaterializedTables fills them this way)
INSERT INTO artist_release SELECT * FROM get_artist_release_rows(NULL);
INSERT INTO artist_release_group SELECT * FROM get_artist_release_group_rows(NULL);
