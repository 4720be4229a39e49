"""The Textual user interface: the app factory, screens, widgets and modal forms.

The UI calls services only; it never imports the store. All user text goes through `ui.safe`.
"""
