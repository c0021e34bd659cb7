"""Extensions, created unbound; create_app binds them to an app."""

from flask import session
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager as FlaskLoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints, so Alembic migrations are the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class LoginManager(FlaskLoginManager):
    """Flask-Login's, with its strong session protection kept for a staff sign-in.

    Flask-Login checks any non-empty session, and one without a sign-in (a tablet's, a
    visitor's with only its CSRF token) fails that check on every request: the cookie is
    sent again each time, so a slower request running beside a change (a language chosen,
    a resident's PIN accepted) sends back the cookie from before it and undoes the change.
    """

    def _session_protection_failed(self) -> bool:
        if "_user_id" not in session:
            return False  # nobody signed in: nothing to protect, nothing to rewrite
        return super()._session_protection_failed()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
compress = Compress()  # gzip/brotli/zstd for pages and static files: no proxy in front
# Rate limits (the API's, per token: cohousing.api.views.v1); storage: RATELIMIT_STORAGE_URI.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
