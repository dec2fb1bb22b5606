# ruleid: discord-bot-token
client.run("MTDn5fT1qG0b_k4OftDC4FM1Vz.iwmm1V.JxH6syD8XdqoF-ZtLZS5d_uF5zXble3kW15IZr")  # discord bot
# ruleid: discord-bot-token
DISCORD_TOKEN = 'OTkMJR8-us_kf3HCYTeQhnT4.rftx32.12awh1uFC7aeSC3axYNmgiw-qLf'
# ok: discord-bot-token
client.run("MTxxxxxxxxxxxxxxxxxxxxxxxx.xxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")  # discord bot
# ok: discord-bot-token
client.run(os.environ["DISCORD_BOT_TOKEN"])  # discord bot
# ok: discord-bot-token
client.run("<discord bot token>")
# ok: discord-bot-token
DISCORD_TOKEN = "MT000000000000000000000000.000000.00000000000000000000000000000000000000"
