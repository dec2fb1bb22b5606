import subprocess
from subprocess import PIPE, Popen


def run_with(cmd):
    # ok: subprocess-popen-not-waited
    with subprocess.Popen(cmd, stdout=PIPE) as proc:
        return proc.stdout.read()


def start_encoder(src, dst):
    # ruleid: subprocess-popen-not-waited
    proc = subprocess.Popen(["ffmpeg", "-i", src, dst])
    print("encoding", src, "pid", proc.pid)


def first_line(cmd):
    # ruleid: subprocess-popen-not-waited
    p = Popen(cmd, stdout=PIPE, text=True)
    return p.stdout.readline()


def notify_all(hosts):
    for host in hosts:
        # ruleid: subprocess-popen-not-waited
        child = subprocess.Popen(["ssh", host, "touch", "/tmp/notified"])
        print("notified", host, child.pid)


def git_head():
    # ok: subprocess-popen-not-waited
    proc = subprocess.Popen(["git", "rev-parse", "HEAD"], stdout=PIPE, text=True)
    out, _ = proc.communicate(timeout=30)
    return out.strip()


def run_tool(cmd):
    # ok: subprocess-popen-not-waited
    proc = Popen(cmd)
    return proc.wait()


def spawn_server(cmd):
    # ok: subprocess-popen-not-waited
    server = subprocess.Popen(cmd)
    return server


class Supervisor:
    def __init__(self):
        self.children = []

    def spawn(self, cmd):
        # ok: subprocess-popen-not-waited
        child = subprocess.Popen(cmd)
        self.children.append(child)

    def start(self, cmd):
        # ok: subprocess-popen-not-waited
        self.proc = subprocess.Popen(cmd)


def run_until_done(cmd):
    # ok: subprocess-popen-not-waited
    proc = subprocess.Popen(cmd)
    while proc.poll() is None:
        pass
    return proc.returncode
