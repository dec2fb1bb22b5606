import os
import shlex
import subprocess as sp
import sys
from subprocess import check_output

from flask import request


def ping():
    host = request.form["host"]
    # ruleid: python-command-injection
    os.system("ping -c 1 " + host)
    # ruleid: python-command-injection
    sp.run(f"ping -c 1 {host}", shell=True)
    # ruleid: python-command-injection
    check_output(["nslookup", host])
    # ok: python-command-injection
    os.system("ping -c 1 " + shlex.quote(host))
    # ok: python-command-injection
    sp.run(["uptime"])
    count = int(request.form["count"])
    # ok: python-command-injection
    sp.run(["ping", "-c", str(count), "localhost"])


def main():
    # ruleid: python-command-injection
    os.system("ls " + sys.argv[1])
    # ruleid: python-command-injection
    os.popen("cat " + os.environ["FILE"])
    answer = input("file? ")
    # ruleid: python-command-injection
    sp.call("cat " + answer, shell=True)
    if answer.isalnum():
        # ok: python-command-injection
        sp.call("cat " + answer, shell=True)
