# ruleid: github-fine-grained-token
export GITHUB_TOKEN="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"
# ruleid: github-fine-grained-token
GH_TOKEN=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
# ok: github-fine-grained-token
GH_TOKEN=github_pat_xxxxxxxxxxxxxxxxxxxxxx_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
# ok: github-fine-grained-token
GH_TOKEN=github_pat_0000000000000000000000_00000000000000000000000000000000000000000000000000000000000
# ok: github-fine-grained-token
GH_TOKEN="${GITHUB_TOKEN}"
# ok: github-fine-grained-token
token = os.environ["GITHUB_TOKEN"]
# second part too short
# ok: github-fine-grained-token
GH_TOKEN=github_pat_98jmGyRPGILgFv0g5bIzQx_F9SA86Tbidj8ALaOgRiNlZFjkmw94yDa8w4a7x44
