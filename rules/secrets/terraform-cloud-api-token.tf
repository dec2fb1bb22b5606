# ruleid: terraform-cloud-api-token
  token = "DD9X6xZQLIhN01.atlasv1.iex_powCRz5hZl6nzoDp-3Lrk9NUou2_KQ5NXmFxvmZrS8d3ATfeKVyLeQqJiScGwot"
# ruleid: terraform-cloud-api-token
TF_TOKEN_app_terraform_io = "d3d2BYYpxWhOen.atlasv1.Y5HRnq40yos5joHT_Yl0Y6AfLIx7YT4K-EtwP6O4ZB_ZonZNzRJKWyZI-P5ggyMPPDg"
# ok: terraform-cloud-api-token
  token = "xxxxxxxxxxxxxx.atlasv1.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
# ok: terraform-cloud-api-token
  token = "<token>.atlasv1.<secret>"
# ok: terraform-cloud-api-token
  token = var.tfc_token
# ok: terraform-cloud-api-token
  # token = os.environ["TF_TOKEN_app_terraform_io"]
# too short
# ok: terraform-cloud-api-token
  token = "Pzj9Bg45akRYKH.atlasv1.5ET-PzQjSZNqFm-6SO_Brpzn3FIDXO"
