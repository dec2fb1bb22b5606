# ruleid: hashicorp-vault-token
export VAULT_TOKEN=hvs.rDEitrgZwiyvkFnzTGg9NbcF
# ruleid: hashicorp-vault-token
vault login -method=token "hvs.CAESIr2JNorAjrU6VYpJRpjf85Hd2WY-7UlZecbAgklK3tBTfjZta9ISmXSQusJ2Na7rlWOvU9USEuFX8T6Y_lCcAGL"
# ok: hashicorp-vault-token
export VAULT_TOKEN=hvs.xxxxxxxxxxxxxxxxxxxxxxxx
# ok: hashicorp-vault-token
export VAULT_TOKEN="$(cat /run/secrets/vault-token)"
# ok: hashicorp-vault-token
export VAULT_TOKEN=hvs.<token>
# ok: hashicorp-vault-token
export VAULT_TOKEN=$(python -c 'import os; print(os.environ["VAULT_TOKEN"])')
# too short
# ok: hashicorp-vault-token
export VAULT_TOKEN=hvs.2AH0lR6McSdW
