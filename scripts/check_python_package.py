"""The generated Python package, built and installed offline, then checked without the jsii runtime.

Usage: check_python_package.py PYTHON_SOURCE_DIR ASSEMBLY WORK_DIR

Run by scripts/check-jsii-targets.ts with a Python that has setuptools and wheel (Debian's
python3 with python3-wheel and python3-venv). The jsii Python runtime and cdk8s come from PyPI
only, so nothing here imports the package; it reads what pip installed:

1. `pip wheel --no-deps --no-build-isolation` builds the wheel, `setup.py sdist` the sdist;
   each is installed with `pip install --no-deps --no-index` into its own venv.
2. In each install: the `cdk8s-haru` console script exists and is executable; the embedded
   npm tarball holds the CLI (`package/out/cli/main.js`) with its execute bit (the jsii kernel
   runs bin scripts directly) and nothing but the compiled library, the assembly and the npm
   metadata.
3. Keyword arguments: every constructor, method and struct of the assembly has, in the
   installed `__init__.py`, exactly the parameters jsii's naming gives (snake_case, the
   trailing struct expanded into keyword arguments), none escaped with a trailing underscore.
4. Structs inside lists and maps: prints, as JSON on the last line, every field whose
   snake_case name differs from its camelCase one in a struct that can be passed inside a
   list or map; there a dict is sent as written, so the caller checks that the library
   refuses each snake_case key and names the camelCase one.
"""
import ast
import glob
import json
import keyword
import os
import re
import stat
import subprocess
import sys
import tarfile

SRC, ASSEMBLY, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
problems = []


def run(*cmd, cwd=None):
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stdout[-3000:]}{r.stderr[-3000:]}")
    return r.stdout


def snake(name):
    # jsii-pacmak's Python names: camelCase to snake_case, acronyms kept together.
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    return s.lower()


def py_name(name):
    n = snake(name)
    return n + "_" if keyword.iskeyword(n) or n in ("self",) else n


asm = json.load(open(ASSEMBLY))
types = asm["types"]
deps = {}


def lookup(fqn):
    if fqn in types:
        return types[fqn]
    lib = fqn.split(".")[0]
    if lib not in deps:
        path = os.path.join(os.path.dirname(ASSEMBLY), "node_modules", lib, ".jsii")
        deps[lib] = json.load(open(path))["types"] if os.path.exists(path) else {}
    return deps[lib].get(fqn)


def struct_props(fqn):
    t = lookup(fqn)
    out = {}
    for base in t.get("interfaces", []):
        out.update(struct_props(base))
    for p in t.get("properties", []):
        out[p["name"]] = p
    return out


def is_struct(tref):
    fqn = tref.get("fqn")
    t = lookup(fqn) if fqn else None
    return bool(t and t.get("kind") == "interface" and t.get("datatype"))


def expected_params(params):
    """jsii's Python signature: positional params, then the trailing struct's fields as keywords."""
    params = params or []
    if params and is_struct(params[-1]["type"]) and not params[-1].get("variadic"):
        return [py_name(p["name"]) for p in params[:-1]], sorted(py_name(n) for n in struct_props(params[-1]["type"]["fqn"]))
    return [("*" if p.get("variadic") else "") + py_name(p["name"]) for p in params], []


def signature(fn):
    a = fn.args
    positional = [x.arg for x in a.args if x.arg not in ("self", "cls")] + (["*" + a.vararg.arg] if a.vararg else [])
    return positional, sorted(x.arg for x in a.kwonlyargs)


def check_install(label, venv):
    site = glob.glob(os.path.join(venv, "lib", "python3*", "site-packages", asm["targets"]["python"]["module"]))
    if not site:
        problems.append(f"{label}: the package is not in the venv's site-packages")
        return
    pkg = site[0]
    script = os.path.join(venv, "bin", "cdk8s-haru")
    if not os.path.exists(script) or not os.access(script, os.X_OK):
        problems.append(f"{label}: no executable console script bin/cdk8s-haru")
    tgz = glob.glob(os.path.join(pkg, "_jsii", "*.jsii.tgz"))
    if len(tgz) != 1:
        problems.append(f"{label}: expected one embedded npm tarball in _jsii/, found {len(tgz)}")
    else:
        with tarfile.open(tgz[0]) as t:
            members = {m.name: m for m in t.getmembers()}
        cli = members.get("package/out/cli/main.js")
        if cli is None:
            problems.append(f"{label}: the tarball has no package/out/cli/main.js")
        elif not cli.mode & stat.S_IXUSR:
            problems.append(f"{label}: package/out/cli/main.js has mode {oct(cli.mode)} in the tarball; the jsii kernel cannot run it (chmod +x before packing)")
        allowed = re.compile(r"^package/(out/.*\.(js|d\.ts)|\.jsii|package\.json|README\.md|LICENSE|NOTICE|node_modules/.*)$")
        extra = sorted(n for n, m in members.items() if m.isfile() and not allowed.match(n))
        if extra:
            problems.append(f"{label}: the tarball ships files outside the package's `files`: {', '.join(extra[:8])}{' ...' if len(extra) > 8 else ''}")
    init = os.path.join(pkg, "__init__.py")
    return check_signatures(label, ast.parse(open(init).read()))


def check_signatures(label, tree):
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    checked = 0
    for fqn, t in sorted(types.items()):
        cls = classes.get(t["name"])
        if cls is None:
            problems.append(f"{label}: class {t['name']} is missing")
            continue
        funcs = {f.name: f for f in cls.body if isinstance(f, ast.FunctionDef)}
        calls = []
        if t["kind"] == "class" and "initializer" in t and not t.get("abstract"):
            calls.append(("__init__", t["initializer"].get("parameters")))
        if t["kind"] == "interface" and t.get("datatype"):
            calls.append(("__init__", [{"name": "props", "type": {"fqn": fqn}}]))
        for m in t.get("methods", []):
            calls.append((py_name(m["name"]), m.get("parameters")))
        for name, params in calls:
            f = funcs.get(name)
            if f is None:
                problems.append(f"{label}: {t['name']}.{name} is missing")
                continue
            want = expected_params(params)
            have = signature(f)
            if want != have:
                problems.append(f"{label}: {t['name']}.{name}{' (struct)' if name == '__init__' and t['kind'] == 'interface' else ''}: "
                                f"parameters {have[0]} keywords {have[1]}, expected {want[0]} keywords {want[1]}")
            escaped = [a.lstrip("*") for a in have[0] + have[1] if a.endswith("_")]
            if escaped:
                problems.append(f"{label}: {t['name']}.{name}: parameters escaped for Python keywords: {escaped}")
            checked += 1
    return checked


def collection_structs():
    """Struct fields reachable inside a list or map, whose snake_case name differs."""
    seen, out = set(), []

    def walk(tref, in_collection):
        if "collection" in tref:
            walk(tref["collection"]["elementtype"], True)
        elif "union" in tref:
            for u in tref["union"]["types"]:
                walk(u, in_collection)
        elif is_struct(tref) and tref["fqn"] in types:
            key = (tref["fqn"], in_collection)
            if key in seen:
                return
            seen.add(key)
            for name, p in struct_props(tref["fqn"]).items():
                if in_collection and snake(name) != name:
                    out.append({"struct": types[tref["fqn"]]["name"], "camel": name, "snake": snake(name)})
                walk(p["type"], in_collection)

    for t in types.values():
        for p in t.get("properties", []):
            walk(p["type"], False)
        for m in t.get("methods", []) + ([t["initializer"]] if "initializer" in t else []):
            for p in m.get("parameters", []) or []:
                walk(p["type"], bool(p.get("variadic")))
    uniq = {(o["struct"], o["camel"]): o for o in out}
    return [uniq[k] for k in sorted(uniq)]


os.makedirs(WORK, exist_ok=True)
wheel_dir, sdist_dir = os.path.join(WORK, "wheel"), os.path.join(WORK, "sdist")
run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", wheel_dir, SRC)
run(sys.executable, "setup.py", "-q", "sdist", "-d", sdist_dir, cwd=SRC)
wheels, sdists = glob.glob(os.path.join(wheel_dir, "*.whl")), glob.glob(os.path.join(sdist_dir, "*.tar.gz"))
if len(wheels) != 1 or len(sdists) != 1:
    sys.exit(f"expected one wheel and one sdist, got {wheels} {sdists}")
counts = {}
for label, artifact, extra in (("wheel", wheels[0], []), ("sdist", sdists[0], ["--no-build-isolation"])):
    venv = os.path.join(WORK, f"venv-{label}")
    # The sdist is built into a wheel inside the venv; --system-site-packages lends it the
    # interpreter's setuptools and wheel (nothing is downloaded).
    run(sys.executable, "-m", "venv", "--system-site-packages", venv)
    run(os.path.join(venv, "bin", "python"), "-m", "pip", "install", "-q", "--no-deps", "--no-index", *extra, artifact)
    counts[label] = check_install(label, venv)

fields = collection_structs()
if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"wheel and sdist installed with pip --no-deps; console script, CLI execute bit and tarball contents ok; "
      f"{counts['wheel']} signatures match jsii's keyword arguments; {len(fields)} struct fields inside lists/maps have a different snake_case name")
print(json.dumps(fields))
