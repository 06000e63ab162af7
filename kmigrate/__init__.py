"""kmigrate: bring Keras 1 code to today's tf.keras."""

from __future__ import annotations

from kmigrate.engine import migrate_source

__all__ = ["__version__", "migrate_source"]
__version__ = "0.1.0"
