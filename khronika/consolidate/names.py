"""Name spelling for consolidation: re-exported from the base module :mod:`khronika.names`.

The folding lives below the stages so that publish (which withholds every spelling of a name)
does not import consolidation; the registry's code keeps importing it from here.
"""

from __future__ import annotations

from khronika.names import (
    TITLES,
    NameParts,
    fold,
    has_cyrillic,
    is_patronymic,
    looks_like_surname,
    name_parts,
    strip_titles,
    to_latin,
)

__all__ = [
    "TITLES",
    "NameParts",
    "fold",
    "has_cyrillic",
    "is_patronymic",
    "looks_like_surname",
    "name_parts",
    "strip_titles",
    "to_latin",
]
