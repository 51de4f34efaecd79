-- Written for viewswap (not upstream): rows an Auth (GoTrue) instance holds, with fixed ids and times so that every
-- probe returns the same rows on every run.
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data,
                        raw_user_meta_data, created_at, updated_at, phone, is_anonymous)
values ('00000000-0000-0000-0000-000000000000', '00000000-0000-4000-8000-000000000001', 'authenticated', 'authenticated',
        'alice@example.com', '$2a$10$abcdefghijklmnopqrstuv', '2026-01-01 10:00+00', '{"provider": "email", "providers": ["email"]}',
        '{"name": "Alice"}', '2026-01-01 09:00+00', '2026-01-01 10:00+00', null, false),
       ('00000000-0000-0000-0000-000000000000', '00000000-0000-4000-8000-000000000002', 'authenticated', 'authenticated',
        'bob@example.com', null, null, '{"provider": "phone", "providers": ["phone"]}',
        '{}', '2026-01-02 09:00+00', '2026-01-02 09:00+00', '15550001', false);

insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
values ('00000000-0000-4000-8100-000000000001', '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001',
        '{"sub": "00000000-0000-4000-8000-000000000001", "email": "Alice@Example.com"}', 'email',
        '2026-01-01 10:00+00', '2026-01-01 09:00+00', '2026-01-01 10:00+00');

insert into auth.sessions (id, user_id, created_at, updated_at, aal, not_after)
values ('00000000-0000-4000-8200-000000000001', '00000000-0000-4000-8000-000000000001', '2026-01-03 09:00+00',
        '2026-01-03 09:00+00', 'aal1', '2026-12-31 00:00+00');

insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
values ('00000000-0000-0000-0000-000000000000', 'token-a1', '00000000-0000-4000-8000-000000000001', false,
        '2026-01-03 09:00+00', '2026-01-03 09:00+00', null, '00000000-0000-4000-8200-000000000001');

insert into auth.sso_providers (id, resource_id, created_at, updated_at)
values ('00000000-0000-4000-8300-000000000001', 'acme', '2026-01-04 09:00+00', '2026-01-04 09:00+00');
insert into auth.sso_domains (id, sso_provider_id, domain, created_at, updated_at)
values ('00000000-0000-4000-8301-000000000001', '00000000-0000-4000-8300-000000000001', 'acme.example', '2026-01-04 09:00+00', '2026-01-04 09:00+00');
insert into auth.saml_providers (id, sso_provider_id, entity_id, metadata_xml, created_at, updated_at)
values ('00000000-0000-4000-8302-000000000001', '00000000-0000-4000-8300-000000000001', 'https://idp.acme.example', '<EntityDescriptor/>',
        '2026-01-04 09:00+00', '2026-01-04 09:00+00');
