"""Refusals the domain raises, carrying a translatable template and where the problem is.

The domain does not translate: each error keeps an English message template (marked for
extraction with ``N_``) and its parameters; the command line and the GUI translate the
template through ``clar_desktop.i18n`` and fill in the parameters.
"""

from __future__ import annotations

from collections.abc import Callable


def N_(message: str) -> str:
    """Mark a message for extraction without translating it (the domain has no catalogs)."""
    return message


class DomainError(Exception):
    """A change or a bundle the rules refuse. ``str()`` gives the English sentence."""

    def __init__(self, template: str, path: str | None = None, item: str | None = None,
                 **params: object) -> None:
        self.template = template
        self.path = path
        self.item = item
        self.params = params
        super().__init__(self.render())

    def render(self, translate: object = None) -> str:
        """The one-line message; ``translate`` (a gettext function) localizes the template."""
        template = self.template
        if callable(translate):
            template = translate(template)
        params = {key: value.render(translate) if isinstance(value, DomainError) else value
                  for key, value in self.params.items()}
        problem = template.format(**params)
        where = self.path or ""
        if self.item:
            where = f"{where} ({self.item})" if where else self.item
        return f"{where}: {problem}" if where else problem


    def sentence(self, translate: object = None,
                 name: Callable[[str], str | None] | None = None) -> str:
        """The message as a person reads it in the app: no path into the data, each
        parameter that is an id said by ``name`` (a juror's name, an organization, a
        category's name…), and a capital first letter."""
        said = self._said(translate, name)
        return said[:1].upper() + said[1:]

    def _said(self, translate: object, name: Callable[[str], str | None] | None) -> str:
        template = self.template
        if callable(translate):
            template = translate(template)
        params: dict[str, object] = {}
        for key, value in self.params.items():
            if isinstance(value, DomainError):
                value = value._said(translate, name)
            elif isinstance(value, str) and name is not None:
                # An id, or a list of them ("claridad, identidad"): each said by its name.
                value = name(value) or ", ".join(name(part) or part
                                                 for part in value.split(", "))
            params[key] = value
        return template.format(**params)


class BundleError(DomainError):
    """A bundle that is refused whole: malformed, or breaking a validation rule of the spec."""


class ChangeRefused(DomainError):
    """A single change (a score, a correction, a recusal, …) that the rules do not allow."""
