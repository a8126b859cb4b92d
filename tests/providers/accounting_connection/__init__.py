"""Helpers and a tiny Pulumi program for the AccountingConnection tests."""
