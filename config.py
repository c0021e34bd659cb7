"""Settings, read from the environment. One class per way the app runs."""

import os
import sys
from datetime import timedelta


class Config:
    """Local default: SQLite in the instance folder, a secret kept there too."""

    SECRET_KEY = os.environ.get("SECRET_KEY")  # None: create_app keeps one in instance/
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite:///cohousing.sqlite3")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    HSTS_MAX_AGE = 0  # no Strict-Transport-Security header: production sets it
    REMEMBER_COOKIE_HTTPONLY = True
    STAFF_IDLE_TIMEOUT = timedelta(minutes=30)
    STAFF_SESSION_LIFETIME = timedelta(hours=10)  # a working day, however busy
    # Sessions are browser-session cookies (never permanent): staff sign out after
    # STAFF_IDLE_TIMEOUT idle or STAFF_SESSION_LIFETIME in all, residents after their
    # household's tablet idle time. Each session has a random id checked on every request
    # (StaffSession rows, Person.tablet_session_hash): signing out or locking ends it.
    MAX_CONTENT_LENGTH = 6 * 1024 * 1024  # a 5 MB photo plus the rest of the form
    BABEL_DEFAULT_LOCALE = "it"
    BABEL_DEFAULT_TIMEZONE = "Europe/Rome"
    LANGUAGES = ("it", "en")
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    ARGON2_PROFILE = "default"
    # Sign-in throttling (cohousing.staff.services.throttle), counted by Flask-Limiter in
    # RATELIMIT_STORAGE_URI: memory:// for one process (the embedded default); with several
    # processes (gunicorn workers, machines) point it at Redis, e.g. redis://127.0.0.1:6379.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "cohousing")
    LOGIN_LIMIT_ACCOUNT = "5 per 15 minutes"  # wrong passwords for one email, known or not
    LOGIN_LIMIT_ADDRESS = "20 per hour"  # wrong passwords from one client address
    LOGIN_LIMIT_DEVICE = "10 per 15 minutes"  # from a browser the account signed in on
    LOGIN_WARNING_EVERY = timedelta(hours=1)  # at most one email to the owner per hour
    KNOWN_DEVICE_COOKIE_NAME = "cohousing_staff_device"
    KNOWN_DEVICE_MAX_AGE = timedelta(days=180)
    PASSWORD_LINK_MAX_AGE = timedelta(hours=72)
    TABLET_ENROL_CODE_TTL = timedelta(minutes=15)
    DEVICE_COOKIE_NAME = "cohousing_tablet"
    DEVICE_COOKIE_MAX_AGE = timedelta(days=3650)
    TESTING = False
    # Behind a reverse proxy (nginx) that sets X-Forwarded-For/-Proto/-Host: trust one hop,
    # so links (password links, tablet QR codes) come out https and audit records keep the
    # real client address.
    BEHIND_PROXY = os.environ.get("COHOUSING_BEHIND_PROXY") == "1"
    # Email alerts about concerns. Without MAIL_SERVER they are written to the log.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1") not in ("0", "false", "no", "")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_FROM = os.environ.get("MAIL_FROM", "cohousing@localhost")
    APP_BASE_URL = os.environ.get("APP_BASE_URL", "http://127.0.0.1:5000")  # links in emails
    ESCALATE_AFTER = timedelta(minutes=int(os.environ.get("ESCALATE_AFTER_MINUTES", "30")))
    EMERGENCY_NUMBER = os.environ.get("EMERGENCY_NUMBER", "112")
    # Retention, in months (`flask cohousing apply-retention`, docs/privacy.md). The
    # municipality sets the concerns' and visit notes' periods; the register is kept at
    # least 24 months (the command refuses less).
    RETENTION_CHECKIN_NOTES_MONTHS = os.environ.get("RETENTION_CHECKIN_NOTES_MONTHS", "6")
    RETENTION_CHECKIN_SCORES_MONTHS = os.environ.get("RETENTION_CHECKIN_SCORES_MONTHS", "24")
    RETENTION_CONCERNS_MONTHS = os.environ.get("RETENTION_CONCERNS_MONTHS", "60")
    RETENTION_VISIT_NOTES_MONTHS = os.environ.get("RETENTION_VISIT_NOTES_MONTHS", "60")
    RETENTION_REGISTER_MONTHS = os.environ.get("RETENTION_REGISTER_MONTHS", "24")

    @classmethod
    def check(cls) -> None:
        """Refuse settings that are unsafe for this class; the default has none."""


class SettingsError(SystemExit):
    """Unsafe or missing settings: the start ends with one line on stderr, not a traceback,
    whether gunicorn or `flask` builds the app. Exit code 3 is gunicorn's "worker failed to
    boot": it stops instead of starting the worker again and again."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.code = 3
        print(f"Cohousing cannot start: {message}", file=sys.stderr)


class ProductionConfig(Config):
    """Behind TLS, on PostgreSQL, with several stateless processes."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    HSTS_MAX_AGE = 365 * 24 * 3600  # Strict-Transport-Security: browsers use https only
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "")

    @classmethod
    def check(cls) -> None:
        if not cls.SECRET_KEY or len(cls.SECRET_KEY) < 32:
            raise SettingsError("production needs SECRET_KEY set to at least 32 random characters.")
        if not cls.SQLALCHEMY_DATABASE_URI:
            raise SettingsError("production needs DATABASE_URL set.")


class TestConfig(Config):
    """Fast hashing, a throwaway key, and the database the test run names."""

    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production-use-00000000"  # noqa: S105 (tests only)
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    ARGON2_PROFILE = "test"
    # Tests read English unless they ask for Italian (the product's default, checked on
    # purpose in tests/test_i18n.py and the browser tests).
    BABEL_DEFAULT_LOCALE = "en"
    SERVER_NAME = None
    MAIL_SERVER = "127.0.0.1"  # tests start a local SMTP server and set MAIL_PORT
    MAIL_PORT = 9  # nothing listens here: a test that forgets the server sees a failed send
    MAIL_USE_TLS = False
    MAIL_USERNAME = ""
    MAIL_FROM = "cohousing@example.org"
    APP_BASE_URL = "http://cohousing.test"
    RATELIMIT_STORAGE_URI = os.environ.get("TEST_RATELIMIT_STORAGE_URI", "memory://")


CONFIGS = {"development": Config, "production": ProductionConfig, "testing": TestConfig}
