"""The server's second face, beside the Streamlit app: routes and middleware for ``st.App`` (see ``server.py``).

* :mod:`web.gate` — the sign-in gate in front of everything (the owner's cookie, the sign-in page, security
  headers, gzip for our own answers and Streamlit's files);
* :mod:`web.phone` — the participant's phone page ``/j`` and ``/j/CODE`` (Jinja2 templates, htmx, Pico CSS);
* :mod:`web.api` — the participant's JSON API ``/api/v1/…`` (docs/workshop-api.md).

Routes are thin: every rule is in ``cjm`` (:mod:`cjm.access`, :mod:`cjm.throttle`, :mod:`cjm.rooms`,
:mod:`cjm.workshop`). :func:`web.services.Services.from_env` holds what the routes share (stores, gate, throttles).
"""
