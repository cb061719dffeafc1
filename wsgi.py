"""The app as gunicorn serves it (`deploy/gunicorn.conf.py`, the benchmarks): built once in each worker, then the
objects of its start (modules, mappers, compiled templates, some 145,000) are frozen out of the garbage collector's
scans. Left in, every full collection walked all of them in the middle of a request; nothing made at start is
garbage later, so freezing them frees nothing less.
"""

import gc

from app import create_app

app = create_app()
gc.collect()  # what the start left over goes now, not into the frozen generation
gc.freeze()
