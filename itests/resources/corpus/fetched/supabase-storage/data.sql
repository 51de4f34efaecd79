-- Written for viewswap (not upstream): rows a Storage tenant holds, with fixed ids and times so that
-- every probe returns the same rows on every run. Valid from migration 0041 on (supabase-storage-prefixes loads
-- it too).
set search_path = storage, public;

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types, created_at, updated_at)
values ('avatars', 'avatars', true, 1048576, '{image/png,image/jpeg}', '2026-01-01 10:00+00', '2026-01-01 10:00+00'),
       ('docs', 'docs', false, null, null, '2026-01-02 10:00+00', '2026-01-02 10:00+00');

insert into storage.objects (id, bucket_id, name, owner, owner_id, metadata, user_metadata, version,
                             created_at, updated_at, last_accessed_at)
values ('00000000-0000-4000-8000-000000000001', 'avatars', 'alice.png', '00000000-0000-4000-9000-000000000001', 'alice', '{"size": 1200, "mimetype": "image/png"}', '{"alt": "Alice"}', 'v1', '2026-02-01 09:00+00', '2026-02-01 09:00+00', '2026-02-01 09:00+00'),
       ('00000000-0000-4000-8000-000000000002', 'avatars', 'team/bob.png', '00000000-0000-4000-9000-000000000002', 'bob', '{"size": 2200, "mimetype": "image/png"}', null, 'v1', '2026-02-02 09:00+00', '2026-02-03 09:00+00', '2026-02-04 09:00+00'),
       ('00000000-0000-4000-8000-000000000003', 'avatars', 'team/Carol.jpg', '00000000-0000-4000-9000-000000000003', 'carol', '{"size": 3300, "mimetype": "image/jpeg"}', null, 'v1', '2026-02-05 09:00+00', '2026-02-05 09:00+00', '2026-02-06 09:00+00'),
       ('00000000-0000-4000-8000-000000000004', 'avatars', 'team/2026/dave.png', null, null, '{"size": 400, "mimetype": "image/png"}', null, 'v2', '2026-02-07 09:00+00', '2026-02-08 09:00+00', '2026-02-09 09:00+00'),
       ('00000000-0000-4000-8000-000000000005', 'docs', 'readme.md', null, 'alice', '{"size": 50, "mimetype": "text/markdown"}', null, 'v1', '2026-03-01 09:00+00', '2026-03-01 09:00+00', '2026-03-01 09:00+00'),
       ('00000000-0000-4000-8000-000000000006', 'docs', 'guides/start.md', null, 'alice', '{"size": 70, "mimetype": "text/markdown"}', null, 'v1', '2026-03-02 09:00+00', '2026-03-02 09:00+00', '2026-03-02 09:00+00'),
       ('00000000-0000-4000-8000-000000000007', 'docs', 'guides/advanced/tuning.md', null, 'bob', '{"size": 90, "mimetype": "text/markdown"}', null, 'v1', '2026-03-03 09:00+00', '2026-03-04 09:00+00', '2026-03-05 09:00+00');

insert into storage.s3_multipart_uploads (id, in_progress_size, upload_signature, bucket_id, key, version, owner_id, created_at)
values ('upload-1', 0, 'sig-1', 'docs', 'big/file-a.bin', 'v1', 'alice', '2026-04-01 09:00+00'),
       ('upload-2', 5242880, 'sig-2', 'docs', 'big/deeper/file-b.bin', 'v1', 'bob', '2026-04-02 09:00+00'),
       ('upload-3', 0, 'sig-3', 'docs', 'top.bin', 'v1', null, '2026-04-03 09:00+00'),
       ('upload-4', 0, 'sig-4', 'avatars', 'big/elsewhere.bin', 'v1', null, '2026-04-04 09:00+00');

insert into storage.s3_multipart_uploads_parts (id, upload_id, size, part_number, bucket_id, key, etag, owner_id, version, created_at)
values ('00000000-0000-4000-a000-000000000001', 'upload-2', 5242880, 1, 'docs', 'big/deeper/file-b.bin', 'etag-1', 'bob', 'v1', '2026-04-02 09:01+00');
