provider "digitalocean" {
  # ruleid: digitalocean-token
  token = "dop_v1_620c0b73c8dbafb2674b061aabc8b147bc383dd53ce1bcf75ab18f250cbbbcb7"
}

# ruleid: digitalocean-token
# refresh: dor_v1_3df00e588f5a3ce3ab7fccf48e6961edc5725c7829936c97009703605fe2beb7

# ok: digitalocean-token
variable "do_token" { default = "dop_v1_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" }

# ok: digitalocean-token
variable "do_token2" { default = "dop_v1_0000000000000000000000000000000000000000000000000000000000000000" }

# ok: digitalocean-token
provider "digitalocean" { token = var.do_token }

# ok: digitalocean-token
# token = os.environ["DIGITALOCEAN_TOKEN"]

# ok: digitalocean-token
# short = dop_v1_b93554452445c2c87ca167394b04dff3018b7765
