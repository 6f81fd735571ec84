"""The Chainlit front end behind app.py: chat turns, the side panel, settings, routes, login, chat records.

Only this package (and app.py, which registers its callbacks) imports chainlit. It reaches the project
through ``agent.session`` alone; ``refresh`` and ``limits`` are plain Python the tests use directly.
"""
