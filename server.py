"""CJM Studio's server: one port, two faces (run it with ``streamlit run server.py``: make run, cjm run).

* the **facilitator's face**, the Streamlit app (``app.py`` and ``pages/``), for the signed-in owner;
* the **participant's face**, a light phone page (``/j``, ``/j/CODE``) and a JSON API (``/api/v1/…``), with no
  Streamlit session per phone (``web/``).

A sign-in gate stands in front of everything but the participant's face (``cjm.access``, ``web/gate.py``). At
start the console prints the owner's sign-in link. ``streamlit run`` finds ``app`` below by reading this file
(an ``st.App(...)`` assignment), then serves it with uvicorn.
"""

import streamlit as st

from web.app import lifespan, middleware, routes, start

SERVICES = start()
app = st.App("app.py", routes=routes(SERVICES), middleware=middleware(SERVICES), lifespan=lifespan(SERVICES))
