#!/usr/bin/env python3
"""Lists public (and open) declarations under Sources/ that have no `///` doc comment.

Usage: scripts/undocumented.py [FOLDER ...]   (default: Sources)
Exits 1 when any is found, so it can guard a change. Tooling only: nothing at runtime uses it.
"""
import os, re, sys

DECL = re.compile(r'^\s*(?:@[\w()":., ]+\s+)*(?:public|open)\s+(?:(?:static|final|override|mutating|nonmutating|convenience|required|lazy|indirect|consuming|borrowing|nonisolated|private\(set\)|internal\(set\)|fileprivate\(set\))\s+)*(?:func|var|let|init|subscript|struct|enum|class|protocol|typealias|actor|extension|case)\b')
ATTRIBUTE = re.compile(r'^\s*@[\w]+(?:\([^)]*\))?\s*$')

def undocumented(path):
    lines = open(path, encoding='utf-8').read().split('\n')
    found = []
    for i, line in enumerate(lines):
        if not DECL.match(line) or re.match(r'^\s*public\s+extension\b|^\s*extension\b', line):
            continue
        j = i - 1
        while j >= 0 and ATTRIBUTE.match(lines[j]):
            j -= 1
        if j >= 0 and lines[j].strip().startswith('///'):
            continue
        # A protocol requirement implemented by the declaration inherits its documentation.
        if re.search(r'\b(description|hash\(into|==|<|encode\(to|init\(from|makeIterator|next\(\)|startIndex|endIndex|index\(after|index\(before|subscript\(position|errorDescription|var debugDescription|init\(argument|defaultValueDescription|allValueStrings|static var allCases|init\(stringLiteral|init\(dictionaryLiteral|callAsFunction)', line):
            continue
        found.append((path, i + 1, line.strip()))
    return found

roots = sys.argv[1:] or ['Sources']
result = []
for root in roots:
    for folder, _, files in os.walk(root):
        for name in sorted(files):
            if name.endswith('.swift'):
                result += undocumented(os.path.join(folder, name))
for path, line, text in sorted(result):
    print(f'{path}:{line}: {text[:110]}')
print(f'{len(result)} public declarations without a doc comment', file=sys.stderr)
sys.exit(1 if result else 0)
