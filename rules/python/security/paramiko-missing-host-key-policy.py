import paramiko
from paramiko import AutoAddPolicy, SSHClient
from paramiko.client import WarningPolicy


def run(host, user, password, command):
    client = paramiko.SSHClient()
    # ruleid: paramiko-missing-host-key-policy
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(host, username=user, password=password)
    return client.exec_command(command)


def others():
    a = SSHClient()
    # ruleid: paramiko-missing-host-key-policy
    a.set_missing_host_key_policy(AutoAddPolicy())
    b = SSHClient()
    # ruleid: paramiko-missing-host-key-policy
    b.set_missing_host_key_policy(WarningPolicy)
    # ruleid: paramiko-missing-host-key-policy
    b.set_missing_host_key_policy(paramiko.client.AutoAddPolicy)
    return a, b


def good(host):
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    # ok: paramiko-missing-host-key-policy
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(host)
    return client


def strict(host, known_hosts):
    client = paramiko.SSHClient()
    client.load_host_keys(known_hosts)
    # ok: paramiko-missing-host-key-policy
    client.set_missing_host_key_policy(paramiko.client.RejectPolicy)
    # ok: paramiko-missing-host-key-policy
    client.connect(host, look_for_keys=False)
    return client
