# ruleid: databricks-access-token
DATABRICKS_TOKEN = "dapie6564719a4242fe16760a1911d51a50e"
# ruleid: databricks-access-token
conn = sql.connect(server_hostname=HOST, http_path=PATH, access_token='dapi8521dfaf9ea101f11ba1d6c5014e9464-2')
# ok: databricks-access-token
DATABRICKS_TOKEN = "dapixxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
# ok: databricks-access-token
DATABRICKS_TOKEN = "dapi00000000000000000000000000000000"
# ok: databricks-access-token
DATABRICKS_TOKEN = os.environ["DATABRICKS_TOKEN"]
# ok: databricks-access-token
DATABRICKS_TOKEN = "dapi<token>"
# too short
# ok: databricks-access-token
DATABRICKS_TOKEN = "dapid11c1a0a1ef23e7dd34d6023"
