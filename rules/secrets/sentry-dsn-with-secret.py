# ruleid: sentry-dsn-with-secret
sentry_sdk.init("https://2e34201cee6c53e033504e86b7503f5b:083ff7622b8abec2209aa25259390818@sentry.io/1234567")
# ruleid: sentry-dsn-with-secret
SENTRY_DSN = 'https://0ac7f9ffbece838142ca9c488dfb74d9:cadca70f58a6e74bb918cdfb530b9369@sentry.internal.example.com/42'
# a modern DSN has no secret
# ok: sentry-dsn-with-secret
sentry_sdk.init("https://9038ef1216766a4d2ecbb5a866d32318@o123456.ingest.sentry.io/1234567")
# ok: sentry-dsn-with-secret
sentry_sdk.init("https://<key>:<secret>@sentry.io/<project>")
# ok: sentry-dsn-with-secret
sentry_sdk.init(os.environ["SENTRY_DSN"])
# ok: sentry-dsn-with-secret
sentry_sdk.init("https://00000000000000000000000000000000:00000000000000000000000000000000@sentry.io/1")
