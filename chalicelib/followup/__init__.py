"""Follow-ups to customers: signed answer tokens and the message and page templates."""
