import os

# ruleid: ec-private-key
SIGNING_KEY = """-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIGRrY83hxWlLGhoCJMae7/7Nd7mV7ZiyD0hEoGFnRblz91eijcgGk5U3
bHpUVdyg4TvVikb2Wp+QCp3rpnlDvZx3/4Lj1ELQu+m145Jx58pZWPjjpChgYIdI
qMIh5SyAN0YS/yJYwax70WBe0uGZlCZFojRo
-----END EC PRIVATE KEY-----"""

# ruleid: ec-private-key
JWT_KEY = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI8nhTCEZx2UlkO8HX/3tdCLIwMnb8W4q9kadj+Yi1MwH158HRfdnerXB\npHZeEkt5qC3Syy+PTKA3sgdzwmB/cOacYnD4+WgatiwvqHEzspLS//958k4jyRXC\nupWacgyxN96Etut1dS7T4/9f1VS/CiaewLrM\n-----END EC PRIVATE KEY-----\n"

# ok: ec-private-key
EXAMPLE = """-----BEGIN EC PRIVATE KEY-----
...
-----END EC PRIVATE KEY-----"""

# ok: ec-private-key
TEMPLATE = "-----BEGIN EC PRIVATE KEY-----\n{key}\n-----END EC PRIVATE KEY-----"

# ok: ec-private-key
FILLER = "-----BEGIN EC PRIVATE KEY-----\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n-----END EC PRIVATE KEY-----"

# ok: ec-private-key
FROM_ENV = os.environ["EC_PRIVATE_KEY"]

# ok: ec-private-key
PARAMS = """-----BEGIN EC PARAMETERS-----
BggqhkjOPQMBBw==
-----END EC PARAMETERS-----"""
