"""Generic web infrastructure, apart from the directory's domain code: bounded database
waits and the 503, and response middleware. Depends on Django only."""
