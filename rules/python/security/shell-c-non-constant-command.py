import asyncio
import os
import subprocess

CLEANUP = "rm -rf /tmp/build"


def search(pattern):
    # ruleid: shell-c-non-constant-command
    return subprocess.check_output(["bash", "-c", f"grep -R {pattern} ."])


def deploy(event):
    # ruleid: shell-c-non-constant-command
    subprocess.run(["/bin/sh", "-c", event["cmd"]], check=True)
    # ruleid: shell-c-non-constant-command
    subprocess.Popen(("sh", "-c", "tar xf " + event["archive"]))
    # ruleid: shell-c-non-constant-command
    os.execl("/bin/sh", "sh", "-c", event["cmd"])
    # ruleid: shell-c-non-constant-command
    os.spawnl(os.P_WAIT, "/bin/bash", "bash", "-c", event["cmd"])
    # ruleid: shell-c-non-constant-command
    os.spawnve(os.P_WAIT, "/bin/bash", ["bash", "-c", event["cmd"]], os.environ)


async def run_remote(cmd):
    # ruleid: shell-c-non-constant-command
    proc = await asyncio.create_subprocess_exec("bash", "-c", cmd)
    return await proc.wait()


def windows(name):
    # ruleid: shell-c-non-constant-command
    subprocess.call(["cmd.exe", "/c", "type " + name])


def good(pattern):
    # ok: shell-c-non-constant-command
    subprocess.run(["grep", "-R", "--", pattern, "."], check=True)
    # ok: shell-c-non-constant-command
    subprocess.run(["sh", "-c", 'grep -R -- "$1" .', "sh", pattern], check=True)
    # ok: shell-c-non-constant-command
    subprocess.run(["bash", "-c", CLEANUP], check=True)
    # ok: shell-c-non-constant-command
    subprocess.run(["python3", "-c", pattern])
