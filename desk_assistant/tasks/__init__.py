"""Chat, summarize, translate and draft: prompts and orchestration over an Engine, without Qt."""
