"""Developer tools that ship with the package (the Babel extractor for Designer forms)."""
