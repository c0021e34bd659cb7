"""The dashboard has no forms: it only reads. Its one input, a manager's `?worker=` on the
dashboard, is parsed in the view with `cohousing.web.parsing.query_id`; the concern cards
it shows post the wellbeing area's forms (`cohousing.wellbeing.forms`)."""
