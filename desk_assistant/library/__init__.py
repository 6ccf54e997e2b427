"""Models without Qt: catalog, Hugging Face downloads, local GGUF files, GGUF header reading."""
