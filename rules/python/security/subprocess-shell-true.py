import subprocess


def bad(user_dir):
    # ruleid: subprocess-shell-true
    subprocess.run("ls " + user_dir, shell=True)
    # ruleid: subprocess-shell-true
    subprocess.Popen(f"tar xf {user_dir}", shell=True, cwd="/tmp")


def good(user_dir):
    # ok: subprocess-shell-true
    subprocess.run(["ls", user_dir])
    # ok: subprocess-shell-true
    subprocess.run(["ls", user_dir], shell=False)
