"""The staff API under `/v1/admin/`: triage, respond, metrics, export, GDPR and site settings.

`routes.admin` is a Chalice Blueprint registered by `app.py`; every other module
here holds one job's logic and knows nothing about HTTP beyond `ApiError`.
"""
