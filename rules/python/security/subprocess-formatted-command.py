import shlex
import subprocess
from subprocess import Popen, check_output

GIT = ["git", "-C", "/srv/repo"]


def clone(url, dest):
    # ruleid: subprocess-formatted-command
    subprocess.run(shlex.split(f"git clone {url} {dest}"), check=True)
    # ruleid: subprocess-formatted-command
    subprocess.check_call(shlex.split("git fetch %s" % url))
    # ruleid: subprocess-formatted-command
    subprocess.call("git pull {}".format(url).split())


def convert(name):
    # ruleid: subprocess-formatted-command
    return subprocess.check_output(f"convert {name} out.png")


def tar(path):
    # ruleid: subprocess-formatted-command
    subprocess.Popen("tar xf " + path + " -C /tmp/work")
    # ruleid: subprocess-formatted-command
    proc = Popen("unzip %s" % path, stdout=subprocess.PIPE)
    # ruleid: subprocess-formatted-command
    out = check_output("file {}".format(path))
    return proc, out


def good(url, path, extra):
    # ok: subprocess-formatted-command
    subprocess.run(["git", "clone", "--", url], check=True)
    # ok: subprocess-formatted-command
    subprocess.run(GIT + ["status", "--short"], check=True)
    # ok: subprocess-formatted-command
    subprocess.run(shlex.split("git status --short"))
    # ok: subprocess-formatted-command
    subprocess.run([f"--output={path}", url])
    # ok: subprocess-formatted-command
    subprocess.run("ls -l")
    # ok: subprocess-formatted-command
    subprocess.run(extra + ["--verbose"])
    # reported by subprocess-shell-true instead
    # ok: subprocess-formatted-command
    subprocess.run(f"tar xf {path}", shell=True)


def indirect(url):
    cmd = f"git clone {url}"
    # todoruleid: subprocess-formatted-command
    subprocess.run(shlex.split(cmd))
