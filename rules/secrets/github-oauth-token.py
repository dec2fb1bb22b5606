import os
from github import Github

# ruleid: github-oauth-token
gh = Github("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")

# ruleid: github-oauth-token
HEADERS = {"Authorization": "token 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"}

# ok: github-oauth-token
EXAMPLE = "gho_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

# ok: github-oauth-token
FILLER = "gho_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

# wrong checksum
# ok: github-oauth-token
TYPO = "gho_YUZMxIWybTXDhnjPojjyly2gCsztoK3IqzyA"

# ok: github-oauth-token
TOKEN = os.environ["GITHUB_TOKEN"]

# ok: github-oauth-token
PLACEHOLDER = "gho_<token>"
