# ruleid: slack-bot-token
client = WebClient(token="xoxb-172481465726-8947640719949-X6vy28nY2NdFoVXS2f0NiaPC")
# ruleid: slack-bot-token
SLACK_BOT_TOKEN = 'xoxb-51320160692-6472153120240-yHALaEZTwoNTxGLzuZLl0bY7'
# ok: slack-bot-token
client = WebClient(token="xoxb-your-bot-token")
# ok: slack-bot-token
client = WebClient(token="xoxb-0000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx")
# ok: slack-bot-token
client = WebClient(token=os.environ["SLACK_BOT_TOKEN"])
# ok: slack-bot-token
client = WebClient(token="xoxb-{}-{}".format(team, secret))
# truncated
# ok: slack-bot-token
client = WebClient(token="xoxb-103619831205-3304216164808-Y6AAF69r1E")
