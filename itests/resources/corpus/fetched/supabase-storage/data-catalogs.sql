-- Written for viewswap (not upstream): an analytics (Iceberg) bucket with a namespace and a vector bucket, which
-- migrations 0044 and later make possible, with fixed ids and times.
insert into storage.buckets_analytics (id, name, created_at, updated_at)
values ('00000000-0000-4000-b000-000000000001', 'lake', '2026-05-01 09:00+00', '2026-05-01 09:00+00');

insert into storage.iceberg_namespaces (id, bucket_name, name, catalog_id, created_at, updated_at)
values ('00000000-0000-4000-b000-000000000002', 'lake', 'sales', '00000000-0000-4000-b000-000000000001', '2026-05-01 09:00+00', '2026-05-01 09:00+00');

insert into storage.buckets_vectors (id, created_at, updated_at)
values ('embeddings', '2026-05-02 09:00+00', '2026-05-02 09:00+00');
