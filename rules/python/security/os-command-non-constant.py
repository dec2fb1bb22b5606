import asyncio
import os
import subprocess
import commands

LOG_ROTATE = "logrotate /etc/logrotate.conf"


def archive(user_dir):
    # ruleid: os-command-non-constant
    os.system("tar czf /backups/out.tgz " + user_dir)


def ping(host):
    # ruleid: os-command-non-constant
    output = os.popen(f"ping -c 1 {host}").read()
    return output


def disk_usage(path):
    # ruleid: os-command-non-constant
    status, out = subprocess.getstatusoutput("du -sh %s" % path)
    # ruleid: os-command-non-constant
    size = subprocess.getoutput("du -s {}".format(path))
    return status, out, size


def legacy(cmd):
    # ruleid: os-command-non-constant
    return commands.getoutput(cmd)


def restart(request):
    service = request.args.get("service")
    # ruleid: os-command-non-constant
    os.system("systemctl restart " + service + " && echo done")


def run_tool(config, target):
    # ruleid: os-command-non-constant
    os.system(config.command)
    # ruleid: os-command-non-constant
    os.spawnlp(os.P_WAIT, config.tool, config.tool, target)


async def convert(name):
    # ruleid: os-command-non-constant
    proc = await asyncio.create_subprocess_shell(f"convert {name} out.png")
    await proc.wait()
    # ruleid: os-command-non-constant
    proc2 = await asyncio.subprocess.create_subprocess_shell(name)
    loop = asyncio.get_running_loop()
    # ruleid: os-command-non-constant
    transport, _ = await loop.subprocess_shell(asyncio.SubprocessProtocol, "convert " + name)
    return proc2, transport


def safe(path):
    # ok: os-command-non-constant
    os.system("uptime")
    # ok: os-command-non-constant
    os.system(LOG_ROTATE)
    # ok: os-command-non-constant
    os.spawnl(os.P_WAIT, "/usr/bin/rsync", "rsync", "-a", path, "/backup")
    cmd = "df -h"
    # ok: os-command-non-constant
    print(os.popen(cmd).read())
    # ok: os-command-non-constant
    subprocess.run(["du", "-sh", path], check=True)
    # ok: os-command-non-constant
    os.path.join(path, "x")
    # ok: os-command-non-constant
    os.system("cls" if os.name == "nt" else "clear")


def run_imported(path):
    from os import system
    # todoruleid: os-command-non-constant
    system("rm -rf " + path)
