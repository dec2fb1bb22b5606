# ruleid: mailgun-api-key
requests.post(url, auth=("api", "key-bf20fcd53de8f0063ba6f023fb76fc2a"), data=message)
# ruleid: mailgun-api-key
MAILGUN_API_KEY = 'key-8cacbbcdb7d0b287666a60c99e0e30c7'
# ok: mailgun-api-key
requests.post(url, auth=("api", "key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), data=message)
# ok: mailgun-api-key
requests.post(url, auth=("api", "key-00000000000000000000000000000000"), data=message)
# ok: mailgun-api-key
requests.post(url, auth=("api", os.environ["MAILGUN_API_KEY"]), data=message)
# ok: mailgun-api-key
requests.post(url, auth=("api", "key-<your-api-key>"), data=message)
# a cache key, not hex
# ok: mailgun-api-key
CACHE = "primary-key-5gqlOLZKdMvj377il8lFJfH0fLfywO27"
