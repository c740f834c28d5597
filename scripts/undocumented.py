#!/usr/bin/env python3
"""Lists public (and open) declarations under Sources/ that have no `///` doc comment.

Usage: scripts/undocumented.py [FOLDER ...]   (default: Sources)
Exits 1 when any is found, so it can guard a change. Tooling only: nothing at runtime uses it.

Counted: declarations marked `public` or `open`, the cases of a public enum, the requirements
of a public protocol and the members of a `public extension` (public without saying so).
Skipped: `extension` lines themselves, members of a type that is not public, and protocol witnesses (description, ==, <, hash(into:)…),
which inherit the protocol's documentation. Brace depth is followed line by line, with string
literals and comments blanked, which is enough for this code base's formatting.
"""
import os, re, sys

MODIFIERS = r'(?:(?:static|class|final|override|mutating|nonmutating|convenience|required|lazy|indirect|consuming|borrowing|nonisolated|private\(set\)|internal\(set\)|fileprivate\(set\)|package\(set\))\s+)*'
ATTRIBUTES = r'(?:@[\w()":.,* ]+\s+)*'
KEYWORD = r'(?:func|var|let|init|subscript|struct|enum|class|protocol|typealias|associatedtype|actor|extension|case)\b'
DECL = re.compile(r'^\s*' + ATTRIBUTES + r'(?:public|open)\s+' + MODIFIERS + KEYWORD)
# A member with no access level of its own (public when its scope makes it so).
IMPLICIT = re.compile(r'^\s*' + ATTRIBUTES + MODIFIERS + r'(?:func|var|let|init|subscript|typealias|associatedtype|case)\b')
OPENS = re.compile(r'^\s*' + ATTRIBUTES + r'(?:(public|open|package|internal|fileprivate|private)\s+)?' + MODIFIERS + r'(enum|protocol|extension|struct|class|actor)\b')
ATTRIBUTE = re.compile(r'^\s*(?:@\w+(?:\([^)]*\))?\s*)+$')     # a line of attributes only (`@inlinable @discardableResult`)
# A protocol requirement implemented by the declaration inherits its documentation.
WITNESS = re.compile(r'\bfunc\s*(?:==|<|~=)\s*[(<]|\b(?:var|let)\s+(?:description|debugDescription|errorDescription|startIndex|endIndex|allCases|allValueStrings|defaultValueDescription)\b|'
                     r'\bfunc\s+(?:hash\(into|encode\(to|makeIterator\(|next\(\)|index\((?:after|before)|callAsFunction\b)|'
                     r'\binit\s*\((?:from|argument|stringLiteral|integerLiteral|floatLiteral|booleanLiteral|arrayLiteral|dictionaryLiteral|extendedGraphemeClusterLiteral|unicodeScalarLiteral)\b|'
                     r'\bsubscript\s*\(position\b')

def code_only(line, state):
    """The line with string literals and comments blanked; `state` carries an open block comment or multi-line string."""
    out, i, n = [], 0, len(line)
    while i < n:
        if state['block']:
            end = line.find('*/', i)
            if end < 0: return ''.join(out)
            state['block'] = False; i = end + 2; continue
        if state['multiline']:
            end = line.find('"""', i)
            if end < 0: return ''.join(out)
            state['multiline'] = False; i = end + 3; continue
        c = line[i]
        if line.startswith('//', i): break
        if line.startswith('/*', i): state['block'] = True; i += 2; continue
        if line.startswith('"""', i): state['multiline'] = True; i += 3; continue
        if c == '"':
            i += 1
            while i < n and line[i] != '"':
                i += 2 if line[i] == '\\' else 1
            i += 1; out.append('""'); continue
        out.append(c); i += 1
    return ''.join(out)

def undocumented(path):
    lines = open(path, encoding='utf-8').read().split('\n')
    found = []
    state = {'block': False, 'multiline': False}
    stack = []          # one entry per open brace: the scope it opens ('public-enum', 'public-protocol', 'public-extension', 'hidden' for a type that is not public, 'other')
    pending = None      # the kind of scope the next `{` opens, from a declaration whose brace is yet to come
    for i, line in enumerate(lines):
        was_in_literal = state['block'] or state['multiline']
        code = code_only(line, state)
        scope = stack[-1] if stack else 'file'
        if not was_in_literal:
            public = bool(DECL.match(line))
            if not public and IMPLICIT.match(line):
                is_case = bool(re.match(r'^\s*' + ATTRIBUTES + r'case\b', line))
                if scope == 'public-enum':
                    public = is_case        # its other members need `public` themselves
                elif scope in ('public-protocol', 'public-extension'):
                    public = not is_case
            if 'hidden' in stack:
                public = False              # inside a type that is not public itself
            skip = re.match(r'^\s*' + ATTRIBUTES + r'(?:public\s+)?extension\b', line) or WITNESS.search(line)
            if public and not skip:
                j = i - 1
                while j >= 0 and ATTRIBUTE.match(lines[j]):
                    j -= 1
                if not (j >= 0 and lines[j].strip().startswith('///')):
                    found.append((path, i + 1, line.strip()))
            m = OPENS.match(line)
            if m:
                access, kind = m.group(1), m.group(2)
                if access in ('public', 'open'):
                    pending = 'public-' + kind if kind in ('enum', 'protocol', 'extension') else 'other'
                else:
                    pending = 'other' if kind == 'extension' else 'hidden'
        for c in code:
            if c == '{':
                stack.append(pending or 'other'); pending = None
            elif c == '}' and stack:
                stack.pop()
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
