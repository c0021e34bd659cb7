"""The benchmark: `python -m benchmark --scale 1,10 --db sqlite,postgresql`.

It fills a database at each scale (`benchmark.scale.fill_city`), starts the app under
gunicorn (2 sync workers) on 127.0.0.1 with the small bench blueprint of `benchmark.app`
(two ceiling routes, a query-count header), signs in the roles each page needs, and loads
every page of `benchmark.pages.PAGES` from a second process: wrk when installed, else a Python
client. Results go to `benchmark/results.json` and the table to `docs/benchmark.md`.
"""
