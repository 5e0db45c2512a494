"""Check Python programs against the Python module jsii-pacmak generated, without importing it.

The jsii Python runtime is only on PyPI, so the generated module cannot be imported offline.
Instead both files are parsed with `ast`: every name a program imports from the module must be
a class the module defines, every keyword argument passed to one of those classes (or to one of
their static methods) must be a parameter it declares, and every attribute read from one of
them (an enum member, a static method) must exist on it.

usage: python3 check_python_names.py <module name> <generated __init__.py> <program.py>...
Prints one line per problem and exits 1 if there is any.
"""
import ast
import sys


def params_of(fn):
    """(positional parameter names without self/cls, keyword-capable names) of a def."""
    a = fn.args
    positional = [p.arg for p in a.posonlyargs + a.args]
    if positional and positional[0] in ('self', 'cls'):
        positional = positional[1:]
    return positional, set(positional) | {p.arg for p in a.kwonlyargs}


def module_api(source):
    """class name -> {member name -> def node or None} for the module's top-level classes."""
    api = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ClassDef):
            continue
        members = {}
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                members[item.name] = item
            elif isinstance(item, ast.Assign):
                for target in item.targets:
                    if isinstance(target, ast.Name):
                        members[target.id] = None
            elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                members[item.target.id] = None
        api[node.name] = members
    return api


def check_call(label, fn, call):
    positional, keywords = params_of(fn)
    problems = []
    if len(call.args) > len(positional):
        problems.append(f'{label}: takes {len(positional)} positional arguments (got {len(call.args)})')
    for kw in call.keywords:
        if kw.arg is not None and kw.arg not in keywords:
            allowed = ', '.join(sorted(keywords)) or 'none'
            problems.append(f'{label}: no parameter {kw.arg!r} (got {kw.arg}=...; allowed: {allowed})')
    return problems


def check_program(module, api, source, filename):
    tree = ast.parse(source, filename)
    imported = {}
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == module:
            for alias in node.names:
                if alias.name not in api:
                    problems.append(f'{filename}:{node.lineno}: {module}.{alias.name} is not defined by the generated module')
                else:
                    imported[alias.asname or alias.name] = alias.name
    checked = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in imported:
            cls = imported[node.func.id]
            init = api[cls].get('__init__')
            if init is not None:
                problems += check_call(f'{filename}:{node.lineno}: {cls}(...)', init, node)
                checked += 1
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in imported:
            cls = imported[node.value.id]
            checked += 1
            if node.attr not in api[cls]:
                problems.append(f'{filename}:{node.lineno}: {cls}.{node.attr} is not defined by the generated module')
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id in imported):
            cls = imported[node.func.value.id]
            fn = api[cls].get(node.func.attr)
            if fn is not None:
                problems += check_call(f'{filename}:{node.lineno}: {cls}.{node.func.attr}(...)', fn, node)
    return problems, len(imported), checked


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    module, init_path, programs = argv[0], argv[1], argv[2:]
    with open(init_path, encoding='utf-8') as f:
        api = module_api(f.read())
    problems, names, uses = [], 0, 0
    for path in programs:
        with open(path, encoding='utf-8') as f:
            p, n, u = check_program(module, api, f.read(), path)
        problems += p
        names += n
        uses += u
    for p in problems:
        print(p)
    print(f'{len(programs)} program(s): {names} imported name(s), {uses} use(s) checked against '
          f'{len(api)} generated classes; {len(problems)} problem(s)')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
