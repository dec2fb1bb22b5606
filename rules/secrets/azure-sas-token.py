import os
from azure.storage.blob import BlobClient

# ruleid: azure-sas-token
EXPORT_URL = "https://ordersprod.blob.core.windows.net/exports/daily.csv?sp=r&st=2024-01-01T00:00:00Z&se=2026-01-01T00:00:00Z&spr=https&sv=2022-11-02&sr=b&sig=kkoUgzYD8gUrvnfWI8Xr%2Boszhzjn3OZ4hm2ASz2%2FkPi%3D"

# ruleid: azure-sas-token
SAS = "sv=2021-06-08&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se=2025-12-31T23:59:59Z&st=2024-01-01T00:00:00Z&spr=https&sig=wcEsGZ5sgSXV0AfNSnZRS89gf8ODg65eqTSNF9B67g4="

# ok: azure-sas-token
DOCS = "https://myaccount.blob.core.windows.net/c/b.txt?sv=2022-11-02&sr=b&sig=<signature>"

# ok: azure-sas-token
TEMPLATE = f"https://{account}.blob.core.windows.net/{container}?sv=2022-11-02&sp=r&sig={sig}"

# ok: azure-sas-token
FILLER = "sv=2022-11-02&sr=b&sig=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx%3D"

# ok: azure-sas-token
SAS_FROM_ENV = os.environ["AZURE_STORAGE_SAS_TOKEN"]

# ok: azure-sas-token
OTHER = "https://example.org/download?version=2&sig=FUbzQ74qvgjI19d4nwBcCv4hzBt1AZ6rKaHNGy7dN8j="
