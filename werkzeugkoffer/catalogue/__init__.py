"""What every catalogue builds on and what spans them: search, facet filters and their counting, the listing
of one catalogue, the search over all catalogues and the JSON API."""
