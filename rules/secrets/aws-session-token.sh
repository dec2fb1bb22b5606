#!/bin/sh
# Temporary credentials pasted from the console
export AWS_ACCESS_KEY_ID=ASIAY34FZKBOKMUTVV7A
# ruleid: aws-session-token
export AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEFek3m7VjdWXtg6JEzW4uTd39qVFA87L/xPiSBRnI1VDQ0NeEtafPNZVqfYePCsi6NqezVzwchQQ7Y0iklnbMRYOKo8nyScMo3XsZ7ySnla4MRO7XMWgFWgOfsbfsOYc2Mw0uiQSyKTKfcbJFW1J58u65MZ67zlLnAVYQQ36YN29v5EZVNbpIY0K2oKp893kEqZwIm6nzr9Sim78D3ccHUMO1AzCKNxWDPfmn31ZCAdePion0e9ufIPpEVAeCp1erF6NH+xSJhDHmNY2jVp1jxcrLkJ1mNxa4hdNoU0nHZEi10inZZ/ysvOmsNNXDebsb==
# ruleid: aws-session-token
aws configure set aws_session_token "FwoGZXIvYXdzEAMxqtM7S5q/6y/E47y8xU4L7yHwm7aCR73DL5bZbXLb5FiAUCGWNOVTJL0ztoKWZ8mnkWnMvn9ORqCRX9tRFdxE2rp7poQqr/ZMVCZEZK4GXF9r+J1ZnJlIaiiRD5M7wesWdwBw/Bbur7/S1H5Kn6mn/7JgVk52LA5BIC09K+4OkyFj/PYRm462dfvxTOSsUdeukU1XD4MoADHT9W2Jmm3sAGdWxvkP/Qqkw0GFetcDgaPV2TZbrTiNvO/WoHgMkEq43w3Nx0PiM+jU2lxU+rN1Z"
# placeholder
# ok: aws-session-token
export AWS_SESSION_TOKEN="${AWS_SESSION_TOKEN}"
# truncated in documentation
# ok: aws-session-token
export AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjE...
# low entropy
# ok: aws-session-token
export AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
# the documentation's example token
# ok: aws-session-token
export AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEOz////////////////////wEXAMPLEtMSJHMEUCIDoKFQvWs3Oq5HIkMCXMjbG1+g5OsvksQGh33niFQT7yRy+pVndWGmt8627ZbQZfy9TwDk8ItG59JHQEfpK1tovLOHwzD3T58z/lBrIvGcgIjI6ZJfcsPgfjmXzs
# environment lookup
# ok: aws-session-token
python -c 'import os; print(os.environ["AWS_SESSION_TOKEN"])'
