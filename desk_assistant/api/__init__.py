"""The app's OpenAI-compatible API server (off by default): other programs on this computer use the model
the app has loaded, through the same FIFO as the window's own work.

Qt-free. Layers: ``api`` may import tasks, inference, storage and core; ``ui`` and ``cli`` import it.

- ``executor``: how requests reach the one inference thread (``Executor``; ``ThreadExecutor`` for
  ``desk-assistant serve``; the window's adapter is ``ui/api_bridge.py``);
- ``generation``: the task an API request runs (chat or plain text, stop strings, cancel);
- ``app``: the Starlette app (routes, key check, body limit, CORS only when configured);
- ``server``: uvicorn in a background thread, the key in the secret store.
"""
