"""One layout of the screen when a streamed answer grows, not two.

A layout pass hands each widget its new virtual size through a reactive that
asks for a layout. So every widget whose height a pass changed (the growing
answer, its reply, the transcript around them) sets off a second reflow of the
whole screen a frame later, which finds everything where the first put it.
In long_reply's first tenth each install cost two layouts (about 20 + 10 ms of
CPU); with the size taken as the pass found it, one. Scroll bars still follow
the new size (Textual updates them in the same call), and a scroll bar that
appears still asks for its own layout, but for the screen's own: Textual drops
the layout a screen asks for during a pass, and the second one made up for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.geometry import Size

if TYPE_CHECKING:
    from textual.widget import Widget

    _Base = Widget
else:
    _Base = object


class SizedByLayout(_Base):
    """Mixin for a widget whose virtual size only the layout that sets it reads."""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        # As Textual does for the sizes a scroll finds: set, without asking for a layout
        # (but right on a screen, whose scroll bar appearing needs the second layout).
        layout = layout and self.parent is self.screen
        return super()._size_updated(size, virtual_size, container_size, layout=layout)
