"""HTTP-level pieces: the page cache, middleware, rate limits and download responses."""
