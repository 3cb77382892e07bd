"""Notes on disk and out: the store, placing notes, Web Annotation and Markdown export."""
