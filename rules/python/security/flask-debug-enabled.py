import asyncio
import os

from flask import Flask
from flask_socketio import SocketIO

app = Flask(__name__)
socketio = SocketIO(app)

# ruleid: flask-debug-enabled
app.config["DEBUG"] = True
# ruleid: flask-debug-enabled
app.debug = True


async def main():
    await asyncio.sleep(0)


def serve():
    # ruleid: flask-debug-enabled
    socketio.run(app, host="127.0.0.1", debug=True)


if __name__ == "__main__":
    # ruleid: flask-debug-enabled
    app.run(debug=True)
    # ok: flask-debug-enabled
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
    # ok: flask-debug-enabled
    app.run(debug=False, port=8080)
    # ok: flask-debug-enabled
    asyncio.run(main(), debug=True)
    # ok: flask-debug-enabled
    app.config["TESTING"] = True


class Options:
    def __init__(self):
        # ok: flask-debug-enabled
        self.debug = True


def dash_app(dash):
    # ruleid: flask-debug-enabled
    dash.run_server(debug=True)
