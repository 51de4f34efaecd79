-- One phase as a Liquibase changeset; the body holds dollar-quoted functions, so Liquibase must not split it.
-- {0} changeset id, {1} label (the phase), {2} comment, {3} the forward body, {4} the rollback body, each line
-- already prefixed with --rollback.

--changeset viewswap:{0} labels:{1} runInTransaction:true splitStatements:false rollbackSplitStatements:false
--comment: {2}
{3}
{4}
