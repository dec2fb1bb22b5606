import os

import psycopg2
import requests

# ruleid: python-hardcoded-secret
DB_PASSWORD = "Xk9#mQ2$vL7pR4t"
# ruleid: python-hardcoded-secret
SECRET_KEY = "django-insecure-7#q2l!x9@v$k3m^z8p&w4r*t"
# ruleid: python-hardcoded-secret
API_TOKEN: str = 'a8F3kL9qZ2xV7mN4pR6tY1wB'

# ok: python-hardcoded-secret
PASSWORD_FIELD = "password"
# ok: python-hardcoded-secret
TOKEN_HEADER = "X-Auth-Token"
# ok: python-hardcoded-secret
password = "changeme"
# ok: python-hardcoded-secret
db_password = os.environ["DB_PASSWORD"]
# ok: python-hardcoded-secret
api_key = os.getenv("API_KEY", "")
# ok: python-hardcoded-secret
secret_key = "{{ secret_key }}"
# ok: python-hardcoded-secret
password_hash = "5f4dcc3b5aa765d61d8327deb882cf99"
# ok: python-hardcoded-secret
token = "xxxxxxxxxxxxxxxx"
# ok: python-hardcoded-secret
PASSWORD_HASHERS = "django.contrib.auth.hashers.PBKDF2PasswordHasher"
# ok: python-hardcoded-secret
auth_token = f"Bearer {os.environ['TOKEN']}"

settings = {}
# ruleid: python-hardcoded-secret
settings["smtp_password"] = "mV8#tQ3zLp"
# ok: python-hardcoded-secret
settings["password_reset_url"] = "https://example.com/reset"
# Names ending in _pass, _pw or Pass, as in assignments.
# ruleid: python-hardcoded-secret
settings["ldap_bind_pw"] = "Rv5-Tq8m-Hz2x"
# ok: python-hardcoded-secret
settings["bypass"] = "Rv5-Tq8m-Hz2x"
DATABASES = {
    # ruleid: python-hardcoded-secret
    "db_pass": "Lc7-Wn4k-Bq9v",
    # ruleid: python-hardcoded-secret
    'smtpPass': 'Gx4-Pm8r-Vt3k',
    # ok: python-hardcoded-secret
    "db_pass": "${DB_PASS}",
}


def connect(host):
    # ruleid: python-hardcoded-secret
    conn = psycopg2.connect(host=host, user="app", password="S3cure!Pass2024")
    # ok: python-hardcoded-secret
    other = psycopg2.connect(host=host, user="app", password=os.environ["PGPASSWORD"])
    return conn, other


def call_api(url):
    # ruleid: python-hardcoded-secret
    headers = {"X-Api-Key": "Zt4Lq9Wx2Rv7Mk3N"}
    # ok: python-hardcoded-secret
    params = {"api_key": "<your api key>"}
    return requests.get(url, headers=headers, params=params)


# ruleid: python-hardcoded-secret
def login(user, password="Hunter2-Rocks!"):
    # ruleid: python-hardcoded-secret
    if password == "admin#2019!":
        return True
    # ok: python-hardcoded-secret
    if user == "administrator":
        return True
    # ruleid: python-hardcoded-secret
    assert cfg["password"] == "izay0i-Wq4"
    # ok: python-hardcoded-secret
    assert cfg["password_field"] == "izay0i-Wq4"
    # ok: python-hardcoded-secret
    return password == ""


def test_user(User, token):
    u = User()
    # ruleid: python-hardcoded-secret
    assert u.verify_password("cat-Dog-7")
    # ruleid: python-hardcoded-secret
    assert User.reset_password(token, "dog-Cat-8")
    # ok: python-hardcoded-secret
    assert u.verify_password(os.environ["PW"])
    # ok: python-hardcoded-secret
    u.set_password("password")


# A table of CloudFormation resource types (as cfn-lint ships): type names, not credentials.
RESOURCE_SCHEMAS = {
    # ok: python-hardcoded-secret
    "AWS::ApiGateway::ApiKey": "3f9c1e07a2d4b856",
    # ok: python-hardcoded-secret
    "AWS::SecretsManager::Secret": "b71e04c9d2a53f68",
    # ruleid: python-hardcoded-secret
    "Config::API_KEY": "q7Lx2Vr9Tz4Wb8Nk",
}

# ruleid: python-hardcoded-secret
PYPIRC_PASSWORD = """Vt7-Kq2m-Zx9r"""
# ok: python-hardcoded-secret
token = ""


def private_key(path) -> PrivateKey:
    """Load the private key at path: a docstring after an annotation, no secret."""
    return load(path)

# ruleid: python-hardcoded-secret
SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "Wq4-Tz8m-Rk2v")
# ruleid: python-hardcoded-secret
GITHUB_TOKEN = os.getenv("GITHUB_TOKEN") or "k9Vx2Lq7Zt4Rm8Nb"
# ok: python-hardcoded-secret
DB_PASSWORD_FROM_ENV = os.environ.get("DB_PASSWORD", "")
# ok: python-hardcoded-secret
API_TOKEN_FROM_ENV = os.getenv("API_TOKEN") or None

# ruleid: python-hardcoded-secret
AES_KEY = "Zp4Lx8Qw2Vt7Rm3K"
# ruleid: python-hardcoded-secret
settings = {"jwt_key": "Tk9mW2xR7vLq4Pz8"}
# ok: python-hardcoded-secret
ENCRYPTION_KEY_ENV = "ENCRYPTION_KEY"

# Hex given to a token, secret or key name is the credential; given to a password, a stored hash.
# ruleid: python-hardcoded-secret
GITHUB_CLIENT_SECRET = "3f9c2e7a1b8d4f6e0a5c9b2d7e1f4a8c6b3d0e9f"
# ok: python-hardcoded-secret
user = User(name="admin", password="7c4a8d09ca3762af61e04b0df1b5d8e3")
# Tokens and keys are machine-made: plain words and short stand-ins are not.
# ok: python-hardcoded-secret
mock_response = {"access_token": "testac", "token_type": "bearer"}
# ok: python-hardcoded-secret
VAULT_TOKEN = "my-root-token"
# ok: python-hardcoded-secret
HEAD_TOKEN = "X-Access-Token"
# ruleid: python-hardcoded-secret
REFRESH_TOKEN = "rt-8Kq2Lm9Zx4Vb7Np"
# ok: python-hardcoded-secret
GPG_KEY = "A5D32F012649A5A9E04C9A3F2D5F8E1B6C7D9E0A"
# ruleid: python-hardcoded-secret
client.connect(hostname, passphrase="Vr7-Kw2q-Zt9x")
# ruleid: python-hardcoded-secret
POSTGRES_PASSWORD = getenv("PGPASSWORD", "Wq4-Tz8m-Rk2v")
SETTINGS = {
    # ruleid: python-hardcoded-secret
    "cookie_secret": os.getenv("COOKIE_SECRET", "eo2kcgpKwXj8Q3PKYj6n"),
    # ok: python-hardcoded-secret
    "db_password": os.getenv("DB_PASSWORD", ""),
    # ok: python-hardcoded-secret
    "token_url": os.getenv("TOKEN_URL", "https://auth.example.com/token"),
}
# ruleid: python-hardcoded-secret
conn = connect(host="db", password=os.environ.get("DB_PASSWORD", "Hunter2-Rocks!"))
# ok: python-hardcoded-secret
SSH_PASSPHRASE = getenv("SSH_PASSPHRASE")
# Names that end in `_pass`, `Pass` or `_pw` are passwords' too.
# ruleid: python-hardcoded-secret
DB_PASS = "Rq8-Wm3z-Kv6t"
# ruleid: python-hardcoded-secret
adminPass = "Lx5!Tn9qWz2"
# ruleid: python-hardcoded-secret
client = ldap_connect(bind_pw="Jc4$Vr7mPq1")
# ok: python-hardcoded-secret
compass = "Rq8-Wm3z-Kv6t"
# ok: python-hardcoded-secret
RESULT_PASS = "PASS"
# A user and a password given as a pair.
# ruleid: python-hardcoded-secret
resp = requests.get(url, auth=("svc-deploy", "Pq7-Ws2k-Xn4v"))
# ruleid: python-hardcoded-secret
es = Elasticsearch(hosts, http_auth=("elastic", "Bt6-Rm9c-Jz3q"))
# ruleid: python-hardcoded-secret
session.auth = HTTPBasicAuth("svc-deploy", "Kd8-Yv3n-Fq5t")
# ruleid: python-hardcoded-secret
smtp.login("alerts@example.com", "Mz4-Hp7w-Tc2r")
# ok: python-hardcoded-secret
resp = requests.get(url, auth=("user", "example"))
# ok: python-hardcoded-secret
resp = requests.get(url, auth=(user, password))
# ok: python-hardcoded-secret
smtp.login(user, os.environ["SMTP_PASSWORD"])
# ok: python-hardcoded-secret
session.auth = HTTPBasicAuth(os.environ["API_USER"], os.environ["API_PASSWORD"])
# A fixed JWT signing key, and configparser's set().
# ruleid: python-hardcoded-secret
token = jwt.encode(payload, "Wq3-Xv8b-Lk5r-Hs2m", algorithm="HS256")
# ruleid: python-hardcoded-secret
claims = jwt.decode(token, key="Wq3-Xv8b-Lk5r-Hs2m", algorithms=["HS256"])
# ruleid: python-hardcoded-secret
config.set("database", "password", "Nh7-Ct4y-Bw9p")
# ok: python-hardcoded-secret
token = jwt.encode(payload, settings.JWT_KEY, algorithm="HS256")
# ok: python-hardcoded-secret
claims = jwt.decode(token, options={"verify_signature": False})
# ok: python-hardcoded-secret
config.set("database", "password", "${DB_PASSWORD}")
# ok: python-hardcoded-secret
config.set("database", "host", "db.internal.example")
