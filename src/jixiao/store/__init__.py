"""The bureau's store (评价数据库): every department and year, each submission kept, every review change an event.

SQLAlchemy 2 with Alembic migrations; an embedded SQLite file by default (``jixiao.db``, or ``--db`` /
``JIXIAO_DB``), PostgreSQL with a ``postgresql://`` URL. Imported only by the commands that use it.
"""
