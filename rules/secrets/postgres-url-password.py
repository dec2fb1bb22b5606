# ruleid: postgres-url-password
engine = create_engine("postgresql+psycopg2://orders_app:DsB4eWJxR166SPogwz@orders-db.cluster-c1x2y3.eu-west-1.rds.amazonaws.com:5432/orders")
# ruleid: postgres-url-password
DATABASE_URL = 'postgres://app:GCR16qRJHzToLeZVbDSsDlbp@db.acme.internal/app'
# ruleid: postgres-url-password
engine = create_engine("postgresql://postgres:postgres@localhost:5432/test")
# ok: postgres-url-password
engine = create_engine("postgresql://app:${DB_PASSWORD}@db:5432/app")
# ok: postgres-url-password
engine = create_engine(f"postgresql://{user}:{password}@{host}/app")
# ok: postgres-url-password
engine = create_engine("postgresql://%s:%s@%s/app" % (user, pw, host))
# ok: postgres-url-password
engine = create_engine(os.environ["DATABASE_URL"])
# ok: postgres-url-password
engine = create_engine("postgresql://app:xxxxxxxx@db/app")
# The host is filled in at run time; the password is not.
# ruleid: postgres-url-password
dsn = "postgresql://reporting:Vq7mK2xPz9Lw@%s:5432/reports" % db_host
# ruleid: postgres-url-password
dsn = f"postgres://reporting:Vq7mK2xPz9Lw@{settings.DB_HOST}/reports"
