#!/usr/bin/env python3
"""Lists which namespaces of a C# source tree use which, and marks the pairs that use each other (cycles).

Usage: python3 tools/namespace-dependencies.py src/LmmPS.Core [Namespace ...]
A file's namespace is its file-scoped `namespace X;`. A dependency A -> B is a file in A naming a type declared only
in B (comments and string literals stripped; private nested types ignored). It reads names, not semantics, so a
local variable spelled like a type of another namespace shows up too: read the listed type(file) pairs."""
import collections
import os
import re
import sys

root = sys.argv[1]
only = set(sys.argv[2:])
declaration = re.compile(r'^\s*((?:\w+\s+)*)(?:class|struct|interface|enum|record(?:\s+struct)?)\s+([A-Z]\w*)', re.M)
files, declared_in = {}, collections.defaultdict(set)
for directory, _, names in os.walk(root):
    if os.sep + 'obj' in directory or os.sep + 'bin' in directory:
        continue
    for name in names:
        if not name.endswith('.cs'):
            continue
        path = os.path.join(directory, name)
        text = open(path, encoding='utf-8').read()
        match = re.search(r'^namespace\s+([\w.]+)', text, re.M)
        if not match:
            continue
        code = re.sub(r'"(?:\\.|[^"\\])*"', '""', re.sub(r'//.*', '', text))
        files[path] = (match.group(1), code)
        for modifiers, type_name in declaration.findall(code):
            if 'private' not in modifiers.split():
                declared_in[type_name].add(match.group(1))

edges = collections.defaultdict(lambda: collections.defaultdict(set))
for path, (namespace, code) in files.items():
    for word in set(re.findall(r'\b[A-Z]\w*\b', code)):
        owners = declared_in.get(word, set())
        if len(owners) == 1 and namespace not in owners:
            edges[namespace][next(iter(owners))].add(f'{word}({os.path.basename(path)})')

for source in sorted(edges):
    for target in sorted(edges[source]):
        if only and not ({source, target} & only):
            continue
        cycle = '  <-> CYCLE' if source in edges.get(target, {}) else ''
        print(f'{source} -> {target}{cycle}: {", ".join(sorted(edges[source][target]))}')
