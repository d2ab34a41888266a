"""The model workshop: save a session as a model, create one from a Modelfile, push one.

Imported at first use (a key, a palette entry): start-up time.
"""

from ollamux.ui.workshop.flows import WorkshopFlows

__all__ = ["WorkshopFlows"]
