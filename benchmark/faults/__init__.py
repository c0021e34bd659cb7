"""Faults under load: `python -m benchmark.faults [--short]`.

32 clients, each a resident signed in on their own household's enrolled tablet, check in,
add expenses and mark chore turns done against gunicorn (2 sync workers) on a PostgreSQL
database of its own (created, schema by `flask db upgrade`, filled with the benchmark's
city data, dropped at the end). During the run one gunicorn worker is killed with SIGKILL
and the PostgreSQL cluster is restarted (`pg_ctlcluster --skip-systemctl-redirect`).

A failed write is sent again with the same submission id (as a tablet would after "try
again"). Afterwards every write the app acknowledged must be in the database, once; every
write that failed must have left nothing half-saved; and after the restart the app must
serve again within seconds by itself (`pool_pre_ping` replaces the broken connections).
The cluster is running again when the run ends, whatever happens. Loopback only.
"""
