"""Named constraints of a trigger lexicon: the check a rule's ``needs`` names.

A lexicon rule may say ``"needs": "crowd_subject"``: the trigger counts only when its head
token passes the check registered under that name. Each language keeps one registry, filled
with the :meth:`Constraints.register` decorator (as spaCy fills its registries), so a lexicon
file names behaviour the code provides. A name the registry does not know is an error when
the lexicon is checked (the extractor does it at construction), never a silent pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Token

from khronika.errors import KhronikaError
from khronika.nlp.lexicon import Lexicon, TriggerRule

Check = Callable[[Token], bool]


class UnknownConstraintError(KhronikaError):
    """A lexicon rule names a constraint its language's registry does not have."""


class Constraints:
    """A registry of named checks on a trigger's head token, for one language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._checks: dict[str, Check] = {}

    def register(self, name: str) -> Callable[[Check], Check]:
        """Decorator: register ``check`` under ``name``; a name is registered once."""

        def add(check: Check) -> Check:
            if name in self._checks:
                raise ValueError(f"constraint {name!r} is already registered for {self.language}")
            self._checks[name] = check
            return check

        return add

    def get(self, name: str) -> Check:
        """The check registered under ``name``; an unknown name raises."""
        try:
            return self._checks[name]
        except KeyError:
            raise UnknownConstraintError(
                f"no constraint {name!r} for language {self.language!r}"
            ) from None

    def __contains__(self, name: object) -> bool:
        return name in self._checks

    def __iter__(self) -> Iterator[str]:
        return iter(self._checks)

    def __len__(self) -> int:
        return len(self._checks)

    def check_lexicon(self, lexicon: Lexicon) -> None:
        """Raise when a rule of ``lexicon`` needs a constraint this registry lacks."""
        unknown = sorted({r.needs for r in lexicon.triggers if r.needs and r.needs not in self})
        if unknown:
            raise UnknownConstraintError(
                f"lexicon {lexicon.language}-{lexicon.version} needs unknown constraints: "
                + ", ".join(unknown)
            )

    def satisfies(self, rule: TriggerRule, head: Token) -> bool:
        """Whether ``head`` passes the rule's constraint (a rule without one always does)."""
        return rule.needs is None or self.get(rule.needs)(head)
