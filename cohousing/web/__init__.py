"""Web plumbing that belongs to no area: htmx answers, error pages, language and time
zone, template helpers, the shared form base, the one action skeleton and the one commit
per request. Areas' views import from here; nothing here imports an area's views."""
