"""The main window: its actions, loading, dialogs, the app entry point and the renderer."""
