import os

# ruleid: python-secret-in-comment-or-text
# staging db: user=app password=St4ging-Db-2024
DB_URL = "postgresql://db/app"


def login():
    """Log in.

    # ruleid: python-secret-in-comment-or-text
    Test account -- password: 'Al1ce-Wonder!'
    """


# ruleid: python-secret-in-comment-or-text
PROPS = "db.user=app\ndb.password=Pr0ps-Secret-9\n"

# ok: python-secret-in-comment-or-text
# the password: must be read from the environment (see README)
# ok: python-secret-in-comment-or-text
# password=${DB_PASSWORD}
# ok: python-secret-in-comment-or-text
HELP = "password: <your password>"
# ok: python-secret-in-comment-or-text
LABEL = "Password:"
# ok: python-secret-in-comment-or-text
# token_ttl = 3600
# ok: python-secret-in-comment-or-text
SCHEMA_LINE = '"AWS::SecretsManager::Secret": "b71e04c9d2a53f68",'
PASSWORD = os.environ.get("PASSWORD")

# ruleid: python-secret-in-comment-or-text
RESPONSE = '{"access_token": "Ur7tK2pQ9xV4mZ8wL3nB", "expires_in": 3600}'
# ok: python-secret-in-comment-or-text
REQUEST = '{"refresh_token": "<refresh token>"}'


def fetch_example():
    """Every secret of a docstring is reported, not only the first.

    # ruleid: python-secret-in-comment-or-text
    >>> {'oauth_token': 'Vb7kQ2mZ9xL4wR8t',
    # ruleid: python-secret-in-comment-or-text
    ...  'oauth_token_secret': 'Tz4pW8nK2vQ7mX9r'}
    # Any name ending in _token.
    # ruleid: python-secret-in-comment-or-text
    >>> conf = {'plugin_token': 'Lq8vZ3xR7mW2kT9pN4bY'}
    # ok: python-secret-in-comment-or-text
    >>> conf = {'plugin_token': 'your-plugin-token'}
    # ok: python-secret-in-comment-or-text
    >>> clone('https://gitlab-ci-token:1324@git.example.com/group/repo.git')
    """
