"""Gambit's game files: ``.efg`` (extensive form) and ``.nfg`` (strategic form), exactly.

:func:`read_efg` and :func:`read_nfg` turn a file (or its text) into our immutable games, every
payoff and probability an exact ``Fraction`` (``1.5`` is ``3/2``, ``99/100`` stays so); bad
input raises :class:`~deterrence.errors.SpecError` naming the file, the line and what was
expected. :func:`write_efg` and :func:`write_nfg` write numeric games back, so that reading a
written file gives the same game again.

What a file cannot hold is not kept: outcomes on inner nodes of a tree are folded into the
terminal payoffs, players are written by id (not display name), and a written ``.nfg`` carries
no outcome labels (it uses the payoff-list form).

>>> from deterrence.formats import read_efg, write_efg
>>> game = read_efg('EFG 2 R "Entry" { "E" "I" }\\n'
...                 'p "" 1 1 "" { "In" "Out" } 0\\n'
...                 'p "" 2 1 "" { "Fight" "Share" } 0\\n'
...                 't "" 1 "war" { -1, -1 }\\n'
...                 't "" 2 "peace" { 1/2, 3/2 }\\n'
...                 't "" 3 "" { 0, 2 }\\n')
>>> [n.label for n in game.nodes]
['root', 'root/In', 'root/In/Fight', 'root/In/Share', 'root/Out']
>>> game.nodes[3].payoff.base
(Fraction(1, 2), Fraction(3, 2))
>>> read_efg("entry.efg", text=write_efg(game)).nodes == game.nodes
True
"""

from deterrence.formats.efg import read_efg, write_efg
from deterrence.formats.nfg import read_nfg, write_nfg

__all__ = ["read_efg", "read_nfg", "write_efg", "write_nfg"]
