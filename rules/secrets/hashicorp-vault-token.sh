# ruleid: hashicorp-vault-token
export VAULT_TOKEN=hvs.CAESIJ68rNJmSrXQu-BYncf-r2JNorAjrU6VYpJRpjf85Hd2WY-7UlZecbAgklK3tBTfjZta9ISmXSQusJ2Na7rlWOvU9USE
# ruleid: hashicorp-vault-token
vault login -method=token "hvs.CAESIuFX8T6Y_lCcAGL1xfgFqqTAk9y0q2Bvdgyasx6ylL4606Lf_plCYjeBMXSP69wLS_I_98HjaIh3UcLQeE75rNk"
# ok: hashicorp-vault-token
export VAULT_TOKEN=hvs.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
# ok: hashicorp-vault-token
export VAULT_TOKEN="$(cat /run/secrets/vault-token)"
# ok: hashicorp-vault-token
export VAULT_TOKEN=hvs.<token>
# ok: hashicorp-vault-token
export VAULT_TOKEN=$(python -c 'import os; print(os.environ["VAULT_TOKEN"])')
# too short
# ok: hashicorp-vault-token
export VAULT_TOKEN=hvs.B5DHkZijc1e1IWmmeKxFWkIc1UJeaBNRS0pNvooH
