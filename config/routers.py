"""The database router: reports and exports may read from the replica.

Enabled by DATABASE_REPLICA_URL (settings add the `replica` alias and READ_REPLICA).
Only reads made inside organization.replica.replica_reads() go to the replica;
every write goes to the primary (`default`), including the save of an object that
was read from the replica; migrations run on the primary only (the replica follows
it by streaming replication).
"""

from django.db import DEFAULT_DB_ALIAS

from organization.replica import replica_alias


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return replica_alias()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: objects from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
