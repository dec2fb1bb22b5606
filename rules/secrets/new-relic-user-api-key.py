# ruleid: new-relic-user-api-key
NEW_RELIC_API_KEY = "NRAK-I22W0ZTNNNBNG9WBJJ696GMXAXP"
# ruleid: new-relic-user-api-key
headers = {'API-Key': 'NRAK-FV6JFARN4TY8S8V9STHYUOEJJ5Y'}
# ok: new-relic-user-api-key
NEW_RELIC_API_KEY = "NRAK-XXXXXXXXXXXXXXXXXXXXXXXXXXX"
# ok: new-relic-user-api-key
NEW_RELIC_API_KEY = "NRAK-<key>"
# ok: new-relic-user-api-key
NEW_RELIC_API_KEY = os.environ["NEW_RELIC_API_KEY"]
# ok: new-relic-user-api-key
NEW_RELIC_API_KEY = "NRAK-000000000000000000000000000"
