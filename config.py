"""Settings, read from the environment. One class per way the app runs."""

import os
from datetime import timedelta


class Config:
    """Local default: SQLite in the instance folder, a secret kept there too."""

    SECRET_KEY = os.environ.get("SECRET_KEY")  # None: create_app keeps one in instance/
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite:///cohousing.sqlite3")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    STAFF_IDLE_TIMEOUT = timedelta(minutes=30)
    PERMANENT_SESSION_LIFETIME = timedelta(days=30)  # the tablet's own cookie; staff idle is above
    MAX_CONTENT_LENGTH = 6 * 1024 * 1024  # a 5 MB photo plus the rest of the form
    BABEL_DEFAULT_LOCALE = "it"
    BABEL_DEFAULT_TIMEZONE = "Europe/Rome"
    LANGUAGES = ("it", "en")
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    ARGON2_PROFILE = "default"
    LOGIN_MAX_FAILURES = 5
    LOGIN_FAILURE_WINDOW = timedelta(minutes=15)
    PASSWORD_LINK_MAX_AGE = timedelta(hours=72)
    TABLET_ENROL_CODE_TTL = timedelta(minutes=15)
    DEVICE_COOKIE_NAME = "cohousing_tablet"
    DEVICE_COOKIE_MAX_AGE = timedelta(days=3650)
    TESTING = False

    @classmethod
    def check(cls) -> None:
        """Refuse settings that are unsafe for this class; the default has none."""


class ProductionConfig(Config):
    """Behind TLS, on PostgreSQL, with several stateless processes."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "")

    @classmethod
    def check(cls) -> None:
        if not cls.SECRET_KEY or len(cls.SECRET_KEY) < 32:
            raise RuntimeError("Production needs SECRET_KEY set to at least 32 random characters.")
        if not cls.SQLALCHEMY_DATABASE_URI:
            raise RuntimeError("Production needs DATABASE_URL set.")


class TestConfig(Config):
    """Fast hashing, a throwaway key, and the database the test run names."""

    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production-use-00000000"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    ARGON2_PROFILE = "test"
    SERVER_NAME = None


CONFIGS = {"development": Config, "production": ProductionConfig, "testing": TestConfig}
