"""The desktop app (PySide6): views over the service layer, driven by the event stream."""
