"""A plugin that tries to leave the sandbox. Every marked line is an escape Padded Cell reports."""
import os  # the process, the file system and the environment


def summarise(text):
    total = eval(text)  # runs whatever source text the caller (or an attacker) supplies
    with open("/etc/passwd") as f:  # reads the host's files
        return total, f.read()


def find_subclasses():
    # The classic pyjail climb: from any object up to `object`, then down to every loaded class.
    return ().__class__.__bases__[0].__subclasses__()


def run(command):
    return os.system(command)  # runs a shell command on the host
