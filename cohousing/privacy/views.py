"""Privacy views: the resident's own data, export and erasure on request."""
