# The project's revision before the rename: the exported revisions must follow it.
revision = "5e1f0c2a9b31"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
