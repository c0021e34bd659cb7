"""The money rules, and the one module the rest of the app imports them from.

Pure rules: `amounts` (reading and writing euros), `splits` (sharing a cost to the cent),
`settle` (who pays whom). On the database: `expenses`, `payments`, `balances` (and the
money settings; read from the running balances that `running` keeps on every write),
`contributions` (monthly contributions and arrears), `schedules`
(recurring expenses, booked by the daily job) with `arrears` (concerns raised by the same
job), `overview` (what the pages show, in a fixed number of queries) and `export` (CSV
and JSON). `common` holds who acts, who lives there, labels and history.

Services flush and write history and audit rows; the request commits once. A rule that
refuses raises `cohousing.rules.RuleError`.
"""

from cohousing.money.services.amounts import (
    MAX_TEXT,
    amount_problem,
    as_decimal,
    format_amount,
    parse_amount,
    parse_optional_amount,
)
from cohousing.money.services.arrears import raise_arrears_concerns
from cohousing.money.services.balances import (
    MAX_ARREARS_DAYS,
    balance_words,
    balances,
    settings_for,
    suggested_transfers,
    today_summary,
    transfer_words,
    update_settings,
)
from cohousing.money.services.common import (
    CATEGORY_LABELS,
    NOT_A_MEMBER,
    SYSTEM,
    Actor,
    HistoryEntry,
    current_resident,
    members_on,
    moved_out_by,
    people_of,
    resident_ever,
    sharing,
)
from cohousing.money.services.contributions import (
    MONTHS_SHOWN,
    Arrears,
    ContributionLine,
    MonthDue,
    arrears,
    arrears_from,
    contribution_lines,
    delete_contribution_payment,
    first_of_month,
    months_back,
    months_due,
    months_from,
    overdue_months,
    record_contribution_payment,
    set_contribution,
)
from cohousing.money.services.expenses import (
    ExpenseData,
    add_expense,
    delete_expense,
    edit_expense,
    history,
    recent_expenses,
    restore_expense,
)
from cohousing.money.services.export import (
    csv_export,
    csv_text,
    export_name,
    json_data,
    json_export,
)
from cohousing.money.services.overview import money_page, tablet_page
from cohousing.money.services.payments import (
    SETTLE_TODAY,
    delete_payment,
    edit_payment,
    moved_out_with_balance,
    payment_history,
    record_payment,
)
from cohousing.money.services.receipts import (
    attach_receipt,
    clean_receipt,
    receipt_of,
    receipt_versions,
)
from cohousing.money.services.running import kept_balances, ledger_balances, rebuild_balances
from cohousing.money.services.schedules import (
    create_recurring,
    occurrences,
    run_schedules,
    run_schedules_at,
    stop_recurring,
)
from cohousing.money.services.settle import POT, Party, Transfer
from cohousing.money.services.splits import PERCENT_TOTAL, Split, compute

__all__ = [
    "CATEGORY_LABELS",
    "MAX_ARREARS_DAYS",
    "MAX_TEXT",
    "MONTHS_SHOWN",
    "NOT_A_MEMBER",
    "PERCENT_TOTAL",
    "POT",
    "SETTLE_TODAY",
    "SYSTEM",
    "Actor",
    "Arrears",
    "ContributionLine",
    "ExpenseData",
    "HistoryEntry",
    "MonthDue",
    "Party",
    "Split",
    "Transfer",
    "add_expense",
    "amount_problem",
    "arrears",
    "arrears_from",
    "as_decimal",
    "attach_receipt",
    "balance_words",
    "balances",
    "clean_receipt",
    "compute",
    "contribution_lines",
    "create_recurring",
    "csv_export",
    "csv_text",
    "current_resident",
    "delete_contribution_payment",
    "delete_expense",
    "delete_payment",
    "edit_expense",
    "edit_payment",
    "export_name",
    "first_of_month",
    "format_amount",
    "history",
    "json_data",
    "json_export",
    "kept_balances",
    "ledger_balances",
    "members_on",
    "money_page",
    "months_back",
    "months_due",
    "months_from",
    "moved_out_by",
    "moved_out_with_balance",
    "occurrences",
    "overdue_months",
    "parse_amount",
    "parse_optional_amount",
    "payment_history",
    "people_of",
    "raise_arrears_concerns",
    "rebuild_balances",
    "receipt_of",
    "receipt_versions",
    "recent_expenses",
    "record_contribution_payment",
    "record_payment",
    "resident_ever",
    "restore_expense",
    "run_schedules",
    "run_schedules_at",
    "set_contribution",
    "settings_for",
    "sharing",
    "stop_recurring",
    "suggested_transfers",
    "tablet_page",
    "today_summary",
    "transfer_words",
    "update_settings",
]
