"""Command-palette sources that show their entries as literal text.

Textual's own providers read every command title and help line as content
markup. Ours hold session titles (a first prompt such as `what is [/INST]`),
model names and theme names from files: a stray closing tag would crash the
palette, and `[@click=...]` would run an action. These providers list the same
commands, built as `Content` so nothing in them is ever parsed.
"""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits
from textual.content import Content
from textual.fuzzy import Matcher
from textual.system_commands import SystemCommandsProvider
from textual.theme import ThemeProvider

from ollamux.core.text import strip_control


def highlighted(matcher: Matcher, text: str) -> Content:
    """`text` as literal content, the characters the query matched in the match style.

    Control characters go first, so the match offsets point at what is shown.
    """
    text = strip_control(text)
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class LiteralSystemCommands(SystemCommandsProvider):
    """`App.get_system_commands`, with titles and help shown as they are written."""

    async def discover(self) -> Hits:
        commands = sorted(self.app.get_system_commands(self.screen), key=lambda command: command.title)
        for title, help_text, callback, discover in commands:
            if discover:
                help_line = Content(help_text)
                yield DiscoveryHit(Content(strip_control(title)), callback, text=title, help=help_line)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback, *_ in self.app.get_system_commands(self.screen):
            if (score := matcher.match(title)) > 0:
                help_line = Content(help_text)
                yield Hit(score, highlighted(matcher, title), callback, text=title, help=help_line)  # type: ignore[arg-type]


class LiteralThemes(ThemeProvider):
    """The theme switcher; theme names come from the user's theme files."""

    async def discover(self) -> Hits:
        for name, callback in self.commands:
            yield DiscoveryHit(Content(strip_control(name)), callback, text=name)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback in self.commands:
            if (score := matcher.match(name)) > 0:
                yield Hit(score, highlighted(matcher, name), callback, text=name)
