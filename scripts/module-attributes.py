"""The data behind MODULE_ATTRIBUTE_MODULES (server/src/semantics/modules.ts).

A development aid, run by hand with each CPython the table should cover:

    for v in 2.7 3.6 3.7 3.8 3.9 3.10 3.11 3.12 3.13; do pythonV scripts/module-attributes.py; done > out.jsonl

Each run prints one JSON line: for every allowlistable standard-library module (the corpus
policy's allowlist) and its public submodules, the attributes that hold a module outside that
allowlist, as {module: {attribute: module name}}. With --allowlisted, the attributes that hold
one inside it instead (`textwrap.re`, `re.enum`), but not a package's own submodule under its own
name (`json.decoder`): a chain through allowed modules reaches the leaks of the last. It imports
those standard-library modules of the interpreter running it; it never reads or runs analysed code.
"""
import importlib
import json
import pkgutil
import sys
import types

ALLOWLISTABLE = [
    "math", "cmath", "decimal", "fractions", "statistics", "random", "json", "re", "string",
    "textwrap", "datetime", "collections", "itertools", "functools", "operator", "copy",
    "dataclasses", "enum", "typing", "abc", "uuid", "hashlib", "base64", "ast", "__future__",
    "asyncio",
]


def modules_to_read():
    for name in ALLOWLISTABLE:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        yield name, module
        for info in pkgutil.walk_packages(getattr(module, "__path__", []), name + "."):
            submodule = info[1]  # a tuple on Python 2, a ModuleInfo (a tuple too) on 3
            if any(part.startswith("_") for part in submodule.split(".")[1:]):
                continue
            try:
                yield submodule, importlib.import_module(submodule)
            except Exception:  # a submodule for another platform
                continue


def outside(module_name):
    top = module_name.split(".")[0]
    return top not in ALLOWLISTABLE


allowlisted = "--allowlisted" in sys.argv[1:]
table = {}
for name, module in modules_to_read():
    found = {}
    for attribute, value in sorted(vars(module).items()):
        if not isinstance(value, types.ModuleType) or outside(value.__name__) == allowlisted:
            continue
        if allowlisted and value.__name__ in (name, name + "." + attribute):
            continue
        found[attribute] = value.__name__
    if found:
        table[name] = found
print(json.dumps({"python": "%d.%d" % sys.version_info[:2], "table": table}))
