"""Accounts' security: second factor, enrolment, recovery codes, API tokens, lockout."""
