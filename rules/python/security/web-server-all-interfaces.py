import os

import uvicorn
from aiohttp import web
from flask import Flask
from waitress import serve
from werkzeug.serving import run_simple

app = Flask(__name__)


def main():
    # ruleid: web-server-all-interfaces
    app.run(host="0.0.0.0", port=5000)
    # ruleid: web-server-all-interfaces
    uvicorn.run("api:app", host="0.0.0.0", port=8000)
    # ruleid: web-server-all-interfaces
    web.run_app(web.Application(), host="::", port=8080)
    # ruleid: web-server-all-interfaces
    serve(app, host='0.0.0.0', port=8080)
    # ruleid: web-server-all-interfaces
    run_simple("0.0.0.0", 5000, app)


def good():
    # ok: web-server-all-interfaces
    app.run(host="127.0.0.1", port=5000)
    # ok: web-server-all-interfaces
    uvicorn.run("api:app", host=os.environ.get("HOST", "127.0.0.1"))
    # ok: web-server-all-interfaces
    app.run()
    # ok: web-server-all-interfaces
    run_simple("localhost", 5000, app)
